#!/usr/bin/env bash
# Builds skiff-test/busybox:1, the image every test that runs containers uses. No registry is
# reachable, so it is made here: Debian's static busybox, one symlink per applet, `docker import`.
# The tag is not `latest`, which would default imagePullPolicy to Always (and pulls fail here).
# Idempotent: does nothing when the image exists, unless --force.
#
# Note for tests: Debian's static busybox `wget -T` crashes; wrap wget in busybox `timeout` instead.
set -euo pipefail
image=skiff-test/busybox:1
say() { printf 'test-image: %s\n' "$*"; }

# A second tag of the same image: tests roll Deployments from one image to "another".
second=skiff-test/busybox:2

if [ "${1:-}" != "--force" ] && docker image inspect "$image" >/dev/null 2>&1; then
  docker image inspect "$second" >/dev/null 2>&1 || docker tag "$image" "$second"
  exit 0
fi

# Debian's dynamic `busybox` package also installs a /bin/busybox, useless in an empty rootfs.
if [ ! -x /bin/busybox ] || ! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed'; then
  if [ "$(id -u)" != 0 ]; then
    say "needs a static /bin/busybox: run 'apt-get install -y busybox-static' as root"; exit 1
  fi
  say "installing busybox-static"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq busybox-static >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq busybox-static >/dev/null; }
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root" "$root/www"
chmod 1777 "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

old=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
tar -C "$root" -c . | docker import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' - "$image" >/dev/null
# A rebuild leaves the previous image untagged: drop it unless a container still uses it.
new=$(docker image inspect -f '{{.Id}}' "$image")
if [ -n "$old" ] && [ "$old" != "$new" ]; then docker rmi "$old" >/dev/null 2>&1 || true; fi
docker tag "$image" "$second"
say "built $image and $second ($(docker image inspect -f '{{.Size}}' "$image") bytes)"
