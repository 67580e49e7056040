#!/bin/bash
# Docker's HEALTHCHECK: exit 0 when /actuator/health answers 200. No curl in the base images, so one HTTP/1.0
# GET goes through bash's /dev/tcp. The address and port follow the service's own settings.
host="${MANAGEMENT_SERVER_ADDRESS:-${SERVER_ADDRESS:-127.0.0.1}}"
port="${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}}"
# A wildcard bind answers on loopback.
case "$host" in
  0.0.0.0) host=127.0.0.1 ;;
  ::|'[::]') host=::1 ;;
esac
exec 3<>"/dev/tcp/$host/$port" || exit 1
printf 'GET %s/actuator/health HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' \
  "${SERVER_SERVLET_CONTEXT_PATH%/}" >&3
IFS= read -r -t 4 status_line <&3 || exit 1
exec 3<&-
[[ "$status_line" == HTTP/1.?" 200"* ]]
