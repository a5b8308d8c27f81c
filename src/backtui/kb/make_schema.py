"""Write the knowledge base's JSON Schema.

python -m backtui.kb.make_schema > schema/options.schema.json
"""

import json

from backtui.kb.schema import json_schema


def render() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(render(), end="")
