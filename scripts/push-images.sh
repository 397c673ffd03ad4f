#!/usr/bin/env bash
# Builds both images and pushes them to a registry, for Kubernetes (Helm) and AWS (ECS):
#
#   scripts/push-images.sh registry.example.com/flytrap
#   scripts/push-images.sh 123456789012.dkr.ecr.eu-west-1.amazonaws.com
#
# The images become <registry>/flytrap-functions:<version> and <registry>/flytrap-dashboard:<version>, where
# <version> is the project version in pom.xml: the tag the Helm chart's appVersion names and the docs use.
# Credentials come from Docker's config (~/.docker/config.json) or its credential helpers, as for docker push;
# for Amazon ECR, when the AWS CLI is installed and no credentials are configured, the script asks ECR for a
# login token itself. No Docker engine is needed: Jib talks to the registry.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
flytrap_find_jdk

registry=${1:-}
if [ -z "$registry" ] || [ "$#" -ne 1 ]; then
  echo "usage: $0 <registry>/<path>   e.g. $0 registry.example.com/flytrap" >&2
  exit 2
fi
registry=${registry%/}
case "$registry" in
  *://*) echo "Give the registry without a scheme: $0 ${registry#*://}" >&2; exit 2 ;;
esac

auth=()
host=${registry%%/*}
if [[ "$host" =~ ^[0-9]{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$ ]] && command -v aws >/dev/null \
    && ! grep -qs "$host" "${DOCKER_CONFIG:-$HOME/.docker}/config.json"; then
  # Jib also reads registry credentials from Maven's settings (a <server> whose id is the registry host): a file
  # readable only by this user and removed on exit keeps the token off command lines (ps) and out of logs.
  settings=$(mktemp)
  trap 'rm -f "$settings"' EXIT
  chmod 600 "$settings"
  token=$(aws ecr get-login-password --region "${BASH_REMATCH[1]}")
  printf '<settings><servers><server><id>%s</id><username>AWS</username><password>%s</password></server></servers></settings>\n' \
    "$host" "$token" > "$settings"
  auth=(--global-settings "$settings")
fi

./mvnw -B -q "${auth[@]}" -DskipTests -Dflytrap.image.check.skip -pl functions,dashboard-vaadin -am package jib:build \
  "-Dflytrap.image.prefix=$registry/"

version=$(sed -n 's/.*"image":"[^"]*:\([^"]*\)".*/\1/p' functions/target/jib-image.json)
dashboard_digest=$(sed -n 's/.*"imageDigest":"\([^"]*\)".*/\1/p' dashboard-vaadin/target/jib-image.json)
echo "Pushed $registry/flytrap-functions:$version and $registry/flytrap-dashboard:$version"
echo "  Helm:      --set image.registry=$registry   (the chart's appVersion is $version)"
echo "  Terraform: dashboard_image = \"$registry/flytrap-dashboard@$dashboard_digest\""
echo "             (a digest makes every push a new task definition; a re-pushed tag would not roll the service)"
