"""Checks that every Terraform output and variable the docs name exists in the root it belongs to.

  terraform-doc-names.py REPO_ROOT

Reads README.md, docs/*.md, terraform/**/README.md and helm/taskoverflow-operator/README.md for:
  (Terraform) output(s) `x`, the `x` output                an output
  terraform [-chdir=terraform/R] output [-raw|-json] x      an output (of R when given)
  variable `x`, -var x=…, -var 'x=…'                       a variable
  subnetGroupName=…, allowedSubnetGroups={…}                the DB subnet group terraform/eks makes
and compares them with the `output "x"` / `variable "x"` blocks of the roots: terraform/eks and
terraform/images for every file, plus terraform/<root> for that root's own README and for a page
that names terraform/<root>, a module's own
blocks (terraform/<root>/modules/<module>) and its root's for the module's README, and every root
and module for terraform/README.md. Prints each
name it checked; exits 1 on the first file with an unknown name, after listing them all.
"""

import glob
import os
import re
import sys

ROOTS_EVERYWHERE = ("eks", "images")

OUTPUT_PATTERNS = [
    re.compile(r"\b[Oo]utputs? `([a-z0-9_]+)`"),
    re.compile(r"`([a-z0-9_]+)` output\b"),
]
COMMAND_PATTERN = re.compile(r"terraform(?: -chdir=(?:\.\./)*(?:terraform/)?([a-z-]+))? output(?: -(?:raw|json))* ([a-z0-9_]+)")
VARIABLE_PATTERNS = [
    re.compile(r"\b[Vv]ariables? `([a-z0-9_]+)`"),
    re.compile(r"-var[ =]['\"]?([a-z0-9_]+)="),
]
SUBNET_GROUP_PATTERN = re.compile(r"(?:subnetGroupName=|allowedSubnetGroups=\{)(taskoverflow-[a-z0-9-]+)")


def blocks(root_dir, kind):
    names = set()
    for path in glob.glob(os.path.join(root_dir, "*.tf")):
        with open(path) as f:
            names.update(re.findall(rf'^{kind} "([^"]+)"', f.read(), re.M))
    return names


def subnet_group_name(eks_dir):
    """The DB subnet group name terraform/eks gives by default: rds.tf's name with var.name's default."""
    with open(os.path.join(eks_dir, "rds.tf")) as f:
        template = re.search(r'resource "aws_db_subnet_group" "operator" \{.*?\n\s*name\s*=\s*"([^"]+)"', f.read(), re.S).group(1)
    with open(os.path.join(eks_dir, "variables.tf")) as f:
        default = re.search(r'variable "name" \{.*?default\s*=\s*"([^"]+)"', f.read(), re.S).group(1)
    return template.replace("${local.name}", default).replace("${var.name}", default)


def doc_files(repo):
    files = [os.path.join(repo, "README.md"), os.path.join(repo, "helm/taskoverflow-operator/README.md")]
    files += sorted(glob.glob(os.path.join(repo, "docs/*.md")))
    files += sorted(glob.glob(os.path.join(repo, "terraform/**/README.md"), recursive=True))
    return [f for f in files if os.path.isfile(f)]


def config_dirs(tf):
    """The roots, then the modules inside them, as paths under terraform/ ("eks", "eks/modules/x")."""
    roots = [r for r in sorted(os.listdir(tf)) if glob.glob(os.path.join(tf, r, "*.tf"))]
    modules = sorted(os.path.relpath(d, tf) for d in glob.glob(os.path.join(tf, "*", "modules", "*"))
                     if glob.glob(os.path.join(d, "*.tf")))
    return roots + modules


def main(repo):
    tf = os.path.join(repo, "terraform")
    roots = {r: {"output": blocks(os.path.join(tf, r), "output"), "variable": blocks(os.path.join(tf, r), "variable")}
             for r in config_dirs(tf)}
    subnet_group = subnet_group_name(os.path.join(tf, "eks"))
    wrong, checked = [], 0
    for path in doc_files(repo):
        rel = os.path.relpath(path, repo)
        # terraform/README.md covers every root; terraform/<root>/README.md its own root as well, and
        # terraform/<root>/modules/<module>/README.md that module and its root.
        with open(path) as f:
            text = f.read()
        if rel == "terraform/README.md":
            scope = list(roots)
        else:
            own = os.path.dirname(os.path.relpath(path, tf)) if rel.startswith("terraform/") else None
            # A page that works with another root names it (docs/migrating-from-ecs.md: ecs-baseline).
            scope = [r for r in roots if r in ROOTS_EVERYWHERE or own and (r == own or own.startswith(r + "/"))
                     or "/" not in r and f"terraform/{r}" in text]

        def known(kind, match, name, in_roots):
            nonlocal checked
            checked += 1
            if not any(name in roots[r][kind] for r in in_roots if r in roots):
                line = text.count("\n", 0, match.start()) + 1
                wrong.append(f"{rel}:{line}: {kind} `{name}` is in none of terraform/{{{','.join(in_roots)}}}")

        for pattern in OUTPUT_PATTERNS:
            for m in pattern.finditer(text):
                known("output", m, m.group(1), scope)
        for m in COMMAND_PATTERN.finditer(text):
            known("output", m, m.group(2), [m.group(1)] if m.group(1) else scope)
        for pattern in VARIABLE_PATTERNS:
            for m in pattern.finditer(text):
                known("variable", m, m.group(1), scope)
        for m in SUBNET_GROUP_PATTERN.finditer(text):
            checked += 1
            if m.group(1) != subnet_group:
                line = text.count("\n", 0, m.start()) + 1
                wrong.append(f"{rel}:{line}: subnet group `{m.group(1)}`: terraform/eks makes `{subnet_group}`")
    print(f"checked {checked} Terraform names in {len(doc_files(repo))} files "
          "(" + ", ".join(f"{r}: {len(v['output'])} outputs, {len(v['variable'])} variables" for r, v in roots.items()) + ")")
    for line in wrong:
        print(line)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
