"""seed service deploy|upgrade|destroy: kayobe's own seed services (the
Docker registry) before bifrost's kolla-ansible action, their removal after
it; at the subprocess seam (see test_rows.Seam)."""

from tests.unit.kolla.test_rows import KollaRowsCase

CASES = (
    # (words, extra args, playbook, playbooks run before kolla-ansible)
    ("seed service deploy", (), "seed-service-deploy.yml", 1),
    ("seed service upgrade", (), "seed-service-deploy.yml", 1),
    ("seed service destroy", ("--yes-i-really-really-mean-it",),
     "seed-service-destroy.yml", 0),
)


class TestSeedServiceOrder(KollaRowsCase):
    def test_playbook_and_action_order(self):
        for words, args, playbook, before in CASES:
            with self.subTest(row=words):
                self.seam.kolla.clear()
                self.seam.playbooks.clear()
                seen = []

                def hook(argv, seen=seen):
                    seen.append(len(self.seam.playbooks))
                self.seam.hook = hook
                self.assertEqual(self.run_kayobe(*words.split(), *args), 0,
                                 self.read())
                self.assertEqual(seen, [before])
                self.assertEqual(
                    [argv[-1].rsplit("/", 1)[-1] for argv in self.seam.playbooks],
                    [playbook])

    def test_no_vault_password_changes_nothing(self):
        self.seam.playbooks.clear()
        self.assertNotEqual(self.run_kayobe("seed", "service", "deploy",
                                            vault=False), 0)
        self.assertEqual(len(self.errors_shown()), 1)
        self.assertEqual(self.seam.playbooks, [])
        self.assertEqual(self.seam.kolla, [])
