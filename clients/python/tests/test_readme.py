"""The README's Python example is test_readme_example.py, to the character: the two cannot drift apart."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[3] / "README.md"
EXAMPLE = Path(__file__).with_name("test_readme_example.py")
HEADING = "## Python: a client and a pytest fixture"


def test_the_readmes_python_example_is_the_example_test() -> None:
    readme = README.read_text("utf-8")
    assert HEADING in readme, f"{README} has no section '{HEADING}'"
    block = re.search(r"```python\n(.*?)```", readme.split(HEADING, 1)[1], re.DOTALL)
    assert block is not None, f"the section '{HEADING}' has no python block"
    assert block.group(1) == EXAMPLE.read_text("utf-8"), f"update {EXAMPLE.name} and the README together"
