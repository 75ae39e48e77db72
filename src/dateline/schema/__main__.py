"""`python -m dateline.schema`: write record.schema.json from the table of fields; `--check`
only says whether the file is current (exit 1 when it is not)."""

import sys

from dateline.schema import SCHEMA_FILE, schema_text

if __name__ == "__main__":
    text = schema_text()
    if sys.argv[1:] == ["--check"]:
        current = SCHEMA_FILE.is_file() and SCHEMA_FILE.read_text(encoding="utf-8") == text
        print(f"{SCHEMA_FILE}: {'current' if current else 'out of date'}", file=sys.stderr)
        sys.exit(0 if current else 1)
    SCHEMA_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}", file=sys.stderr)
