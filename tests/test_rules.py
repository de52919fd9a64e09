"""Every built-in rule's examples, and the validation of packs."""
import textwrap

import pytest

import cleaner
from cleaner import rules

BUILTIN = rules.load_packs().all_rules()


def test_every_builtin_rule_has_examples_of_both_kinds():
    # the examples themselves run in test_rules_cli.py through `cleaner rules test`'s runner
    for rule in BUILTIN:
        assert rule.examples_remove and rule.examples_keep, f"{rule.id} ({rule.source}) lacks examples"


def write(tmp_path, body, name="user.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


GOOD_HEADER = '[pack]\nlanguage = "en"\n'


@pytest.mark.parametrize("body, message", [
    (GOOD_HEADER + '[[rule]]\nid = "boilerplate.weather"\nreason = "x"\npatterns = ["a"]\n', "unknown concept 'weather'"),
    (GOOD_HEADER + '[[rule]]\nid = "boilerplate.newsletter"\nreason = "x"\npatterns = ["(unclosed"]\n', "bad pattern"),
    (GOOD_HEADER + '[[rule]]\nid = "boilerplate.newsletter"\nscope = "page"\nreason = "x"\npatterns = ["a"]\n', "scope must be one of"),
    (GOOD_HEADER + '[[rule]]\nid = "boilerplate.newsletter"\nreason = "x"\npatterns = ["(?i)a"]\n', "global inline flags"),
    (GOOD_HEADER + '[[rule]]\nid = "boilerplate.newsletter"\npatterns = ["a"]\n', "needs a 'reason'"),
    (GOOD_HEADER + '[[rule]]\nid = "Newsletter"\nreason = "x"\npatterns = ["a"]\n', "rule id must look like"),
    (GOOD_HEADER + '[[rule]]\nid = "boilerplate.newsletter"\nreason = "x"\npatterns = ["a"]\nsurprise = 1\n', "unknown key"),
    ('[pack]\nlanguage = "english"\n', "pack language"),
    ('language = "en"\n', "unknown top-level key"),
    ('[pack\nlanguage = "en"', "invalid TOML"),
])
def test_invalid_packs_are_rejected_with_file_and_reason(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(rules.PackError) as e:
        rules.load_pack(path)
    assert message in str(e.value)
    assert str(path) in str(e.value)


def test_error_names_the_line_of_the_bad_rule(tmp_path):
    path = write(tmp_path, GOOD_HEADER + '\n\n[[rule]]\nid = "boilerplate.weather"\nreason = "x"\npatterns = ["a"]\n')
    with pytest.raises(rules.PackError, match=r"user\.toml:6:"):
        rules.load_pack(path)


def test_duplicate_rule_id_in_one_pack(tmp_path):
    rule = '[[rule]]\nid = "boilerplate.newsletter"\nreason = "x"\npatterns = ["a"]\n'
    with pytest.raises(rules.PackError, match="defined twice"):
        rules.load_pack(write(tmp_path, GOOD_HEADER + rule + rule))


def test_user_pack_by_path_and_by_dict(tmp_path):
    body = GOOD_HEADER + textwrap.dedent('''
        [[rule]]
        id = "boilerplate.promo.webinar"
        scope = "sentence"
        reason = "an invitation to a webinar"
        patterns = ['\\bregister for (?:our|the) (?:free )?webinar\\b']
        examples.remove = ["Register for our free webinar today."]
        ''')
    path = write(tmp_path, body)
    text = "The plant will close in May.\n\nRegister for our free webinar today."
    assert "webinar" in cleaner.clean(text).text
    result = cleaner.Cleaner(extra_rules=[path]).clean(text)
    assert result.text == "The plant will close in May.\n"
    assert result.removed[0].rule == "boilerplate.promo.webinar"
    from_config = cleaner.Cleaner(cleaner.Config(rule_packs=(str(path),))).clean(text)
    assert from_config.text == result.text
    as_dict = {"pack": {"language": "en"}, "rule": [{"id": "boilerplate.promo.webinar", "reason": "x",
                                                     "patterns": [r"\bwebinar\b"]}]}
    assert cleaner.Cleaner(extra_rules=[as_dict]).clean(text).text == "The plant will close in May.\n"


def test_disable_switches_off_a_rule_family():
    text = "The plant will close in May.\n\nGot a tip? Send it to tips@example.com"
    assert cleaner.clean(text).text == "The plant will close in May.\n"
    kept = cleaner.Cleaner(cleaner.Config(disable=("boilerplate.tip_line", "boilerplate.contact"))).clean(text)
    assert "Got a tip?" in kept.text


def test_loading_a_pack_executes_nothing(tmp_path):
    marker = tmp_path / "pwned"
    body = GOOD_HEADER + f'[[rule]]\nid = "boilerplate.promo"\nreason = "__import__(\'os\').mkdir(\'{marker}\')"\npatterns = ["(?#{{__import__}})x"]\n'
    cleaner.Cleaner(extra_rules=[write(tmp_path, body)]).clean("x y z")
    assert not marker.exists()
