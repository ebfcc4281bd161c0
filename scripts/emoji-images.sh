#!/usr/bin/env bash
# Makes an RGB image-folder data set a new user can get offline: Google's Noto emoji as 64x64 PNGs from the npm
# package emoji-datasource-google@16.0.0 (fetched with the machine's npm client), sorted into one sub-folder per
# emoji category (smileys-emotion, animals-nature, food-drink, flags, ...): the layout vae4j's --data FOLDER reads.
#
#   scripts/emoji-images.sh DEST        (default DEST: ./emoji; about 1,900 PNGs in 9 classes, 30 MB)
set -euo pipefail
dest="${1:-emoji}"
command -v npm >/dev/null || { echo "emoji-images: npm is needed (apt-get install npm)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "emoji-images: python3 is needed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent emoji-datasource-google@16.0.0 >/dev/null && tar xzf emoji-datasource-google-16.0.0.tgz)
mkdir -p "$dest"
python3 - "$work/package" "$dest" <<'PY'
import json, os, re, shutil, sys
src, dest = sys.argv[1], sys.argv[2]
n = 0
for e in json.load(open(os.path.join(src, "emoji.json"))):
    png = os.path.join(src, "img", "google", "64", e["image"])
    if e["category"] == "Component" or not e.get("has_img_google") or not os.path.exists(png):
        continue
    cls = re.sub(r"[^a-z]+", "-", e["category"].lower()).strip("-")
    os.makedirs(os.path.join(dest, cls), exist_ok=True)
    shutil.copyfile(png, os.path.join(dest, cls, e["image"]))
    n += 1
print(f"emoji-images: {n} PNGs in {len(os.listdir(dest))} class folders under {dest}")
PY
