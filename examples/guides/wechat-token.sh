#!/usr/bin/env bash
# A token command for the wechat provider (contract version 1): it asks the
# platform's central token server, which alone refreshes tokens, for the
# token the provider needs, and prints it as one JSON object.
set -euo pipefail

case "${1:-}" in
  get) [[ -n "${2:-}" ]] || { echo "usage: wechat-token get APPID | get-component" >&2; exit 2; } ;;
  get-component) ;;
  *) echo "usage: wechat-token get APPID | get-component" >&2; exit 2 ;;
esac

# The same request as JSON: version, kind, appid, component_appid, reason
# ("initial" or "rejected") and, when rejected, WeChat's errcode.
req=${WECHAT_TOKEN_REQUEST:?not run by the provider}

# Never print a token or a key on stderr: the provider shows stderr.
curl --fail --silent --show-error --max-time 20 --get \
  --header "Authorization: Bearer ${TOKEN_SERVICE_KEY:?}" \
  --data-urlencode "kind=$(jq -r .kind <<<"$req")" \
  --data-urlencode "appid=$(jq -r .appid <<<"$req")" \
  --data-urlencode "reason=$(jq -r .reason <<<"$req")" \
  "${TOKEN_SERVICE:?}/v1/wechat-token" |
  jq -c '{version: 1, access_token: .token, expires_in: .expires_in}'
