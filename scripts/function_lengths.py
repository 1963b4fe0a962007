#!/usr/bin/env python3
"""The longest C++ functions in app/ and core/: file:line name length.

    python3 scripts/function_lengths.py [--root DIR] [--top 15] [--check]

Prints the longest functions and every one over 60 lines. With --check it exits 1 when a function
in app/ is over 100 lines and not in scripts/long_functions_allowed.txt (one "path name reason"
a line). A function's length counts the lines from its name to its closing brace; a lambda
counts as part of the function it is written in.

A function in app/ over 60 lines needs a reason: a comment just above it (the `//` lines that end
on the line before the function starts) with a sentence beginning "Long:", e.g.
    // Long: a table, one line per colour of each theme, read side by side.
The functions without one are listed; --require-reasons makes them fail --check too.

How it reads C++ (enough for this code base, not a parser): comments, strings and preprocessor
lines are blanked first; then at namespace or class scope, a '{' whose text since the last ';',
'{' or '}' looks like `name(...) [const] [: member(init), ...]` opens a function body.
"""
import argparse
import re
import sys
from pathlib import Path

SOURCES = ("app", "core")
REPORT_OVER, FAIL_OVER = 60, 100
ALLOW_LIST = "scripts/long_functions_allowed.txt"
KEYWORDS = {"if", "for", "while", "switch", "catch", "return", "sizeof", "decltype", "alignas",
            "static_assert", "requires"}
BLANKED = re.compile(r'//[^\n]*|/\*.*?\*/|R"(\w*)\(.*?\)\1"|"(?:\\.|[^"\\\n])*"'
                     r"|'(?:\\.|[^'\\\n])*'|^[ \t]*#[^\n]*", re.S | re.M)
NAME_BEFORE_PAREN = re.compile(r"(operator\s*(?:\(\)|[^\s(]+)|~?[A-Za-z_][\w:~]*)\s*\($")
AFTER_PARAMETERS = re.compile(r"^\s*((const|noexcept|override|final|mutable|&&?|->[^:{]*)\s*)*"
                              r"(:(?!:).*)?$", re.S)
CLASS_HEADER = re.compile(r"\b(?:class|struct|union)\s+(?:\w+\s+)*?(\w+)\s*(?:final\s*)?(?::[^:]|$)")


def blank(text):
    """Comments, strings, characters and preprocessor lines as spaces (newlines kept)."""
    return BLANKED.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def closing(text, open_at, pair="{}"):
    """The index of the bracket that closes the one at open_at (or the text's end)."""
    depth = 0
    for index in range(open_at, len(text)):
        depth += (text[index] == pair[0]) - (text[index] == pair[1])
        if depth == 0:
            return index
    return len(text) - 1


def function_shape(header):
    """(name, where, init_list) when `header` reads `name(...) qualifiers [: inits]`, else None."""
    call = header.find("operator()")
    first = header.find("(", call + len("operator()") if call >= 0 else 0)
    if first < 0 or "=" in re.sub(r"operator\s*\S*", "", header[:first]):
        return None  # no parameters, or a variable's initializer (a lambda at namespace scope)
    match = NAME_BEFORE_PAREN.search(header[: first + 1])
    if not match or match.group(1).split("::")[-1] in KEYWORDS:
        return None
    rest = AFTER_PARAMETERS.match(header[closing(header, first, "()") + 1:])
    return (match.group(1), match.start(), bool(rest.group(3))) if rest else None


def has_reason(lines, line):
    """Whether the comment block just above the function named on `line` (1-based) holds a
    "Long:" sentence. Up to two lines of return type or template between them are skipped."""
    index, skipped = line - 2, 0
    while index >= 0 and skipped < 2 and lines[index].strip() and \
            not lines[index].strip().startswith("//"):
        index, skipped = index - 1, skipped + 1
    while index >= 0 and lines[index].strip().startswith("//"):
        if "Long:" in lines[index]:
            return True
        index -= 1
    return False


def functions(text):
    """(line, name, length) of every function body at namespace or class scope."""
    found, scopes, index, start = [], [], 0, 0
    while (match := re.compile(r"[{};]").search(text, index)) is not None:
        at, header = match.start(), text[start: match.start()]
        index = at + 1
        if match.group() == "}" and scopes:
            scopes.pop()
        shape = function_shape(header) if match.group() == "{" else None
        if shape and shape[2] and re.search(r"[\w>]\s*$", header):
            index = closing(text, at) + 1  # `member{init}` inside a constructor's init list
            continue
        if match.group() != "{":
            start = index
        elif shape:
            name_at = start + shape[1]
            line = text.count("\n", 0, name_at) + 1
            classes = [scope for scope in scopes if scope]
            qualified = "::".join(classes + [shape[0]]) if "::" not in shape[0] else shape[0]
            index = start = closing(text, at) + 1
            found.append((line, qualified, text.count("\n", name_at, index) + 1))
        else:  # a namespace, class, enum or initializer: look inside
            class_header = CLASS_HEADER.search(header)
            scopes.append(class_header.group(1) if class_header else None)
            start = index
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=Path(__file__).resolve().parent.parent, type=Path)
    parser.add_argument("--top", default=15, type=int)
    parser.add_argument("--check", action="store_true", help="fail on long app/ functions")
    parser.add_argument("--require-reasons", action="store_true",
                        help="with --check, also fail on app/ functions over 60 lines without a reason")
    options = parser.parse_args()
    rows, unreasoned = [], []
    for folder in SOURCES:
        for path in sorted((options.root / folder).rglob("*.[ch]pp")):
            relative = path.relative_to(options.root).as_posix()
            source = path.read_text(encoding="utf-8", errors="replace")
            found = [(length, relative, line, name) for line, name, length in functions(blank(source))]
            rows += found
            unreasoned += [row for row in found if row[0] > REPORT_OVER and folder == "app" and
                           not has_reason(source.splitlines(), row[2])]
    rows.sort(key=lambda row: (-row[0], row[1], row[2]))
    print(f"The {options.top} longest functions in {' and '.join(SOURCES)}:")
    for length, relative, line, name in rows[: options.top]:
        print(f"  {relative}:{line} {name} {length}")
    over = [row for row in rows if row[0] > REPORT_OVER]
    print(f"Over {REPORT_OVER} lines: {len(over)} functions")
    for length, relative, line, name in over[options.top:]:
        print(f"  {relative}:{line} {name} {length}")
    allowed = set()
    for entry in (options.root / ALLOW_LIST).read_text().splitlines():
        if entry.strip() and not entry.startswith("#"):
            allowed.add(tuple(entry.split()[:2]))
    too_long = [row for row in over if row[0] > FAIL_OVER and row[1].startswith("app/")]
    refused = [row for row in too_long if (row[1], row[3]) not in allowed]
    for length, relative, line, name in refused:
        print(f"{relative}:{line}: {name} is {length} lines (over {FAIL_OVER}): split it, or "
              f"add it to {ALLOW_LIST} with the reason", file=sys.stderr)
    for stale in sorted(allowed - {(row[1], row[3]) for row in too_long}):
        print(f"note: {ALLOW_LIST}: {' '.join(stale)} is not over {FAIL_OVER} lines (split or renamed): drop its line")
    unreasoned.sort(key=lambda row: (-row[0], row[1], row[2]))
    print(f"Over {REPORT_OVER} lines in app/ without a reason (a \"// Long: ...\" comment above): "
          f"{len(unreasoned)}")
    for length, relative, line, name in unreasoned:
        print(f"  {relative}:{line} {name} {length}")
    failed = refused or (options.require_reasons and unreasoned)
    return 1 if options.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
