"""merge_yaml / merge_configs: table tests.

The INI cases include those where oslo.config's parser (what the services
read) differs from a hand-written one: comments only at the start of a
line, continuation lines ended by blank and comment lines, quotes,
multi-valued keys, and options before any section.
"""

from kayobe import errors
from kayobe.kolla import merge
from tests.unit import base

YAML_CASES = [
    ("empty", [], {}),
    ("none skipped", [None, {"a": 1}], {"a": 1}),
    ("later wins", [{"a": 1}, {"a": 2}], {"a": 2}),
    ("deep", [{"a": {"b": 1, "c": 2}}, {"a": {"c": 3, "d": 4}}],
     {"a": {"b": 1, "c": 3, "d": 4}}),
    ("list replaced", [{"a": [1, 2]}, {"a": [3]}], {"a": [3]}),
    ("dict replaces scalar", [{"a": 1}, {"a": {"b": 1}}], {"a": {"b": 1}}),
    ("scalar replaces dict", [{"a": {"b": 1}}, {"a": None}], {"a": None}),
    ("three", [{"a": 1}, {"b": 2}, {"a": 3}], {"a": 3, "b": 2}),
]

INI_CASES = [
    ("single", ["[a]\nx = 1\n"], "[a]\nx = 1\n"),
    ("option replaced", ["[a]\nx = 1\ny = 2\n", "[a]\nx = 3\n"],
     "[a]\nx = 3\ny = 2\n"),
    ("sections added", ["[a]\nx = 1\n", "[b]\ny = 2\n"],
     "[a]\nx = 1\n\n[b]\ny = 2\n"),
    ("default first", ["[a]\nx = 1\n", "[DEFAULT]\nd = 1\n"],
     "[DEFAULT]\nd = 1\n\n[a]\nx = 1\n"),
    ("section repeated in one file", ["[a]\nx = 1\n[b]\ny = 2\n[a]\nz = 3\n"],
     "[a]\nx = 1\nz = 3\n\n[b]\ny = 2\n"),
    ("comments dropped", ["# c\n[a]\n; c\nx = 1 # not a comment\n"],
     "[a]\nx = 1 # not a comment\n"),
    ("semicolon inside a value", ["[a]\nx = 1 ; not a comment\n"],
     "[a]\nx = 1 ; not a comment\n"),
    ("multi-valued kept", ["[a]\nm = 1\nm = 2\n"], "[a]\nm = 1\nm = 2\n"),
    ("multi-valued around another key", ["[a]\nm = 1\nx = 0\nm = 2\n"],
     "[a]\nm = 1\nm = 2\nx = 0\n"),
    ("multi-valued replaced as a whole", ["[a]\nm = 1\nm = 2\n", "[a]\nm = 3\n"],
     "[a]\nm = 3\n"),
    ("multi-valued from a later file", ["[a]\nm = 1\n", "[a]\nm = 2\nm = 3\n"],
     "[a]\nm = 2\nm = 3\n"),
    ("colon delimiter", ["[a]\nx: 1\n"], "[a]\nx = 1\n"),
    ("first delimiter wins", ["[a]\nx: y=1\n"], "[a]\nx = y=1\n"),
    ("empty value", ["[a]\nx =\n"], "[a]\nx =\n"),
    ("value with =", ["[a]\nurl = http://h/?a=b\n"], "[a]\nurl = http://h/?a=b\n"),
    ("continuation", ["[a]\nx = 1\n  2\n"], "[a]\nx = 1\n    2\n"),
    ("continuation with a tab", ["[a]\nx = 1\n\t2\n"], "[a]\nx = 1\n    2\n"),
    ("indented comment is part of the value", ["[a]\nx = 1\n  # 2\n"],
     "[a]\nx = 1\n    # 2\n"),
    ("comment line ends the value", ["[a]\nx = 1\n# c\ny = 2\n"],
     "[a]\nx = 1\ny = 2\n"),
    ("blank line ends the value", ["[a]\nx = 1\n\ny = 2\n"],
     "[a]\nx = 1\ny = 2\n"),
    ("continuation of an empty first line", ["[a]\nx =\n  a\n  b\n"],
     "[a]\nx =\n    a\n    b\n"),
    ("continued value replaced", ["[a]\nx = 1\n  2\n", "[a]\nx = 3\n"],
     "[a]\nx = 3\n"),
    ("quotes removed", ["[a]\nx = \"a b\"\ny = 'c'\n"], "[a]\nx = a b\ny = c\n"),
    ("quotes kept where they hold spaces", ["[a]\nx = \" a \"\n"],
     "[a]\nx = \" a \"\n"),
    ("inner quotes kept", ["[a]\nx = \"'a'\"\n"], "[a]\nx = \"'a'\"\n"),
    ("case kept", ["[a]\nKey = 1\n", "[a]\nkey = 2\n"], "[a]\nKey = 1\nkey = 2\n"),
    ("nothing", ["", "# only a comment\n"], ""),
]

# (text, line, message): each error names the file and the line.
BAD_INI = [
    ("[a\nx = 1\n", 1, "Invalid section (must end with ])"),
    ("[a]\n[b] # c\n", 2, "Invalid section (must end with ])"),
    ("[]\n", 1, "Empty section name"),
    ("[a]\njust words\n", 2, "No ':' or '=' found in assignment"),
    ("[a]\n= 1\n", 2, "Key cannot be empty"),
    ("d = 1\n[a]\nx = 1\n", 1, "option outside any section"),
    ("# c\n\nd = 1\n", 3, "option outside any section"),
    ("  x = 1\n[a]\n", 1, "Unexpected continuation line"),
    ("[a]\nx = 1\n\n  2\n", 4, "Unexpected continuation line"),
]


class TestMergeYaml(base.TestCase):

    def test_merge_yaml(self):
        for name, docs, expected in YAML_CASES:
            with self.subTest(case=name):
                self.assertEqual(merge.merge_yaml(*docs), expected)

    def test_merge_yaml_does_not_alias_inputs(self):
        first = {"a": {"b": [1]}}
        result = merge.merge_yaml({}, first)
        result["a"]["b"].append(2)
        self.assertEqual(first, {"a": {"b": [1]}})

    def test_load_yaml_errors_name_the_source_and_line(self):
        for text, pattern in (("a: 1\nb: [\n", r"^x\.yml:3: invalid YAML: "),
                              ("- 1\n", r"^x\.yml: must be a YAML mapping$")):
            with self.subTest(text=text):
                with self.assertRaisesRegex(errors.ConfigError, pattern):
                    merge.load_yaml(text, "x.yml")

    def test_load_yaml_empty_is_a_mapping(self):
        self.assertEqual(merge.load_yaml("", "x.yml"), {})


class TestMergeIni(base.TestCase):

    def test_merge_configs(self):
        for name, texts, expected in INI_CASES:
            with self.subTest(case=name):
                self.assertEqual(merge.merge_configs(*texts), expected)

    def test_rendered_text_reads_back_the_same(self):
        for name, texts, expected in INI_CASES:
            with self.subTest(case=name):
                self.assertEqual(merge.parse_ini(expected),
                                 merge.merge_ini_sections(
                                     *(merge.parse_ini(t) for t in texts)))

    def test_values_are_what_oslo_config_reads(self):
        sections = merge.parse_ini(
            "[a]\nm = 1\nm = 2\nx = one\n  two\ny = \"q\"\n")
        self.assertEqual(sections, {"a": {"m": ["1", "2"],
                                          "x": ["one\ntwo"], "y": ["q"]}})

    def test_bad_ini_is_one_line_naming_file_and_line(self):
        for text, line, message in BAD_INI:
            with self.subTest(text=text):
                with self.assertRaises(errors.ConfigError) as caught:
                    merge.merge_configs("[ok]\n", text,
                                        sources=["ok.conf", "f.conf"])
                error = str(caught.exception)
                self.assertTrue(error.startswith(
                    f"f.conf:{line}: invalid INI: {message}"), error)
                self.assertNotIn("\n", error)
