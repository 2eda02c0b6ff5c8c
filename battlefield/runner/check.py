"""Checks a robot's code without running it: run by the sandbox as a
script, the code on stdin, the verdict as one JSON line on stdout.

    {"ok": true, "class": "MyBot"}
    {"ok": false, "line": 3, "message": "invalid syntax"}
"""

import ast
import json
import sys


def verdict(source):
    try:
        tree = ast.parse(source, "robot.py")
    except SyntaxError as e:
        return {"ok": False, "line": e.lineno or 0, "message": e.msg or "invalid syntax"}
    except (ValueError, MemoryError, RecursionError) as e:
        return {"ok": False, "line": 0, "message": "cannot be parsed: %s" % (str(e) or type(e).__name__)}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        robot = any((isinstance(b, ast.Name) and b.id == "Robot")
                    or (isinstance(b, ast.Attribute) and b.attr == "Robot"
                        and isinstance(b.value, ast.Name) and b.value.id == "battlefield")
                    for b in node.bases)
        if not robot:
            continue
        if not any(isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name == "step" for f in node.body):
            return {"ok": False, "line": node.lineno, "message": "class %s has no step method" % node.name}
        return {"ok": True, "class": node.name}
    return {"ok": False, "line": 0, "message": "no class derived from Robot"}


if __name__ == "__main__":
    data = sys.stdin.buffer.read()
    try:
        out = verdict(data)
    except RecursionError:
        out = {"ok": False, "line": 0, "message": "cannot be parsed: nested too deeply"}
    sys.stdout.write(json.dumps(out) + "\n")
