#!/bin/sh
# Refresh the plotly.js bundle the reports use (src/exceed_analysis/publish/vendor/):
# the "basic" partial bundle (bar, scatter and pie traces) from the npm registry, of the
# plotly.js version that the installed plotly package ships. Run it after upgrading plotly;
# `make test` fails (test_render) while the two versions differ.
#   sh scripts/vendor-plotly.sh            # the version the venv's plotly ships
#   sh scripts/vendor-plotly.sh 4.1.1      # a given version
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
version=${1:-$("$here/.venv/bin/python" -c 'from plotly.offline import get_plotlyjs_version; print(get_plotlyjs_version())')}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "plotly.js-basic-dist-min@$version" >/dev/null && tar xzf ./*.tgz)
vendor="$here/src/exceed_analysis/publish/vendor"
cp "$work/package/plotly-basic.min.js" "$vendor/plotly-basic.min.js"
cp "$work/package/LICENSE" "$vendor/LICENSE.plotly"
sed -i "s/^Version: .*/Version: $version/; s/^SHA-256: .*/SHA-256: $(sha256sum "$vendor/plotly-basic.min.js" | cut -d' ' -f1)/" "$vendor/README.md"
echo "vendored plotly.js-basic-dist-min $version"
