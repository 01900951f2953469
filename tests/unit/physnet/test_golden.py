"""--display golden text of every switch_type, per option case
(``UPDATE_GOLDEN=1`` regenerates ``data/display``; review the diff)."""

import os

from tests.unit import base
from tests.unit.physnet import golden


class TestDisplayGolden(base.TestCase):

    def test_every_type_is_in_the_inventory(self):
        from kayobe.physnet import render
        types = {hv["switch_type"] for hv in golden.switches().values()}
        self.assertEqual(set(render.SWITCH_TYPES), types)

    def test_cases(self):
        for case, (_, options) in golden.CASES.items():
            with self.subTest(case=case):
                text = golden.render_case(options)
                path = golden.golden_path(case)
                if os.environ.get("UPDATE_GOLDEN"):
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text)
                self.assertEqual(path.read_text(), text)
