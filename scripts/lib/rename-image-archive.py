#!/usr/bin/env python3
"""Copies a `docker save` archive under other image names.

    rename-image-archive.py IN.tar OUT.tar LOCAL=EXPECTED...

Every image saved as LOCAL is named EXPECTED in OUT.tar (an image may get several names), in
both manifest.json and repositories; local names without a mapping are dropped. `repositories`
comes first, because kind's node-image build reads an archive's names from whichever of the two
it meets first, and reads only the first image of manifest.json.
"""
import io
import json
import sys
import tarfile


def main(source, target, pairs):
    renames = {}
    for pair in pairs:
        local, expected = pair.split("=", 1)
        renames.setdefault(local, []).append(expected)
    with tarfile.open(source) as archive:
        members = archive.getmembers()
        manifest = json.load(archive.extractfile("manifest.json"))
        saved = {local for image in manifest for local in image.get("RepoTags") or []}
        missing = set(renames) - saved
        if missing:
            sys.exit(f"not in {source}: {', '.join(sorted(missing))}")
        repositories = {}
        for image in manifest:
            names = [name for local in image.get("RepoTags") or [] for name in renames.get(local, [])]
            image["RepoTags"] = names
            top_layer = image["Layers"][-1].split("/")[0]
            for name in names:
                repository, tag = name.rsplit(":", 1)
                repositories.setdefault(repository, {})[tag] = top_layer
        with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as out:
            add_json(out, "repositories", repositories)
            add_json(out, "manifest.json", manifest)
            for member in members:
                if member.name in ("repositories", "manifest.json"):
                    continue
                out.addfile(member, archive.extractfile(member) if member.isfile() else None)


def add_json(archive, name, value):
    data = json.dumps(value).encode()
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
