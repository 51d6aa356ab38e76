#!/bin/sh
# Refresh the vendored front-end files from npm at the versions pinned in package.json
# (and verified against package-lock.json). Node/npm are needed only to run this script;
# the site serves the copied files and never needs Node.
#
#   static/vendor/refresh.sh            # re-copy the pinned versions
#
# To upgrade: edit the exact version in package.json, run
#   (cd static/vendor && npm install --package-lock-only --ignore-scripts)
# then this script, and commit package.json, package-lock.json and the copied files.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp "$here/package.json" "$here/package-lock.json" "$work/"
# `npm ci` installs exactly the lock file's versions and checks their integrity hashes.
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
modules="$work/node_modules"

version() {
    node -p "require('$modules/$1/package.json').version"
}

copy() {  # copy <package> <destination dir> <file>...
    pkg=$1
    dest=$here/$2
    shift 2
    rm -rf "$dest"
    mkdir -p "$dest"
    for file in "$@"; do
        cp "$modules/$pkg/$file" "$dest/"
    done
    echo "$pkg $(version "$pkg")" > "$dest/VERSION"
    echo "vendored $pkg $(version "$pkg") -> static/vendor/$(basename "$dest")"
}

copy htmx.org htmx dist/htmx.min.js LICENSE
copy echarts echarts dist/echarts.min.js LICENSE NOTICE
# echarts.min.js bundles zrender; keep its licence beside it.
cp "$modules/zrender/LICENSE" "$here/echarts/LICENSE-zrender"
copy world-atlas world-atlas countries-110m.json LICENSE
# world-atlas ships TopoJSON; ECharts wants GeoJSON: topojson-client converts it in the browser.
copy topojson-client topojson-client dist/topojson-client.min.js LICENSE
