"""os_distribution and os_release: the check made before a run."""

from kayobe import errors
from kayobe.hostconfig import osdist
from tests.unit import base

# (vars files as {name: text}, error regex or None)
CASES = [
    ({}, None),
    ({"globals.yml": "os_distribution: ubuntu\n"}, None),
    ({"globals.yml": "os_distribution: debian\nos_release: trixie\n"}, None),
    ({"globals.yml": "os_distribution: rocky\nos_release: 10\n"}, None),
    ({"globals.yml": "os_distribution: centos\nos_release: 9-stream\n"}, None),
    ({"globals.yml": "os_release: '9'\n"}, None),
    ({"globals.yml": "os_distribution: fedora\n"},
     r"globals.yml: os_distribution 'fedora' is not one of centos, debian, "
     r"rocky, ubuntu$"),
    ({"globals.yml": "os_distribution: ubuntu\nos_release: jammy\n"},
     r"globals.yml: os_release 'jammy' is not one of noble"),
    # The default distribution (rocky) has no release 'noble'.
    ({"globals.yml": "os_release: noble\n"},
     r"os_release 'noble' is not one of 9, 10 \(os_distribution 'rocky'\)"),
    # The later file wins, and names itself.
    ({"a.yml": "os_distribution: fedora\n", "b.yml": "os_distribution: ubuntu\n"},
     None),
    ({"a.yml": "os_distribution: ubuntu\n", "b.yml": "os_distribution: arch\n"},
     r"b.yml: os_distribution 'arch'"),
    # Templated values are Ansible's to resolve.
    ({"globals.yml": "os_distribution: \"{{ lookup('env', 'OS') }}\"\n"}, None),
    ({"globals.yml": "os_distribution: ubuntu\nos_release: \"{{ x }}\"\n"}, None),
    ({"globals.yml": "- a list\n"}, None),
    ({"globals.yml": "$ANSIBLE_VAULT;1.1;AES256\n0000\n"}, None),
    ({"globals.yml": "os_distribution: [rocky]\n"},
     r"os_distribution \['rocky'\] is not one of"),
]


class TestOsDistribution(base.TestCase):

    def test_check_vars_files(self):
        for index, (files, message) in enumerate(CASES):
            with self.subTest(case=index, files=files):
                directory = self.tmp_path / str(index)
                paths = [base.write(directory / name, text)
                         for name, text in sorted(files.items())]
                if message is None:
                    osdist.check_vars_files(paths)
                else:
                    with self.assertRaisesRegex(errors.ConfigError, message):
                        osdist.check_vars_files(paths)

    def test_every_distribution_has_a_default_release(self):
        for distribution, releases in osdist.RELEASES.items():
            with self.subTest(distribution):
                self.assertTrue(releases)
                osdist.check(distribution, releases[0])
