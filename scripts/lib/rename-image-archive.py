#!/usr/bin/env python3
"""Copies a `docker save` archive under other image names.

    rename-image-archive.py IN.tar OUT.tar LOCAL=EXPECTED...

Every image saved as LOCAL is named EXPECTED in OUT.tar (an image may get several names), in
manifest.json and repositories, and in index.json where a newer Docker writes one (the OCI
layout, whose names containerd imports); local names without a mapping are dropped. `repositories`
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
            # <id>/layer.tar in Docker's own layout, blobs/sha256/<id> in the OCI one.
            layer = image["Layers"][-1]
            top_layer = layer.split("/")[-1] if layer.startswith("blobs/") else layer.split("/")[0]
            for name in names:
                repository, tag = name.rsplit(":", 1)
                repositories.setdefault(repository, {})[tag] = top_layer
        names = [m.name for m in members]
        index = json.load(archive.extractfile("index.json")) if "index.json" in names else None
        if index is not None:
            index["manifests"] = renamed_index_entries(index["manifests"], renames)
        with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as out:
            add_json(out, "repositories", repositories)
            add_json(out, "manifest.json", manifest)
            if index is not None:
                add_json(out, "index.json", index)
            for member in members:
                if member.name in ("repositories", "manifest.json", "index.json"):
                    continue
                out.addfile(member, archive.extractfile(member) if member.isfile() else None)


def renamed_index_entries(entries, renames):
    """One OCI index entry per expected name of each renamed image; others are dropped."""
    renamed = []
    for entry in entries:
        annotations = entry.get("annotations") or {}
        local = short_name(annotations.get("io.containerd.image.name", ""))
        for name in renames.get(local, []):
            copy = dict(entry)
            copy["annotations"] = {
                **annotations,
                "io.containerd.image.name": name,
                "org.opencontainers.image.ref.name": name.rsplit(":", 1)[1],
            }
            renamed.append(copy)
    return renamed


def short_name(reference):
    """docker.io/library/x:t -> x:t and docker.io/a/x:t -> a/x:t, as the Docker CLI names them."""
    for prefix in ("docker.io/library/", "docker.io/"):
        if reference.startswith(prefix):
            return reference[len(prefix):]
    return reference


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
