#!/bin/sh
# Rebuild the self-hosted fonts: PT Serif and PT Sans (SIL OFL 1.1) from the @fontsource
# npm packages, the cyrillic and latin subsets of weights 400 and 700, upright only.
# TrueType hinting is dropped (pyftsubset --no-hinting): it is two thirds of each file
# and modern browsers do not use it, which keeps fonts + CSS under the 150 kB budget.
# Needs npm and python3; works in a temporary directory and writes only static/fonts/.
set -eu
here=$(cd "$(dirname "$0")/../static/fonts" && pwd)
version=5.3.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent "@fontsource/pt-serif@$version" "@fontsource/pt-sans@$version"
python3 -m venv venv
venv/bin/pip install --quiet fonttools brotli
for family in pt-serif pt-sans; do
  cp "node_modules/@fontsource/$family/LICENSE" "$here/$family-OFL.txt"
  for subset in cyrillic latin; do
    for weight in 400 700; do
      name="$family-$subset-$weight-normal.woff2"
      venv/bin/pyftsubset "node_modules/@fontsource/$family/files/$name" --unicodes='*' \
        --no-hinting --layout-features='*' --flavor=woff2 --output-file="$here/$name"
    done
  done
done
