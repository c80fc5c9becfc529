# Sourced by the scripts that check modelcompat in a Debian chroot
# (check-libtorch2, check-fresh-debian): make one with debootstrap, mount
# what it needs for as long as the calling script runs, run commands in it.
# Needs root and Debian's mirror.

# chroot_make DIR SUITE: a minbase Debian SUITE in DIR, unless DIR has one.
chroot_make() {
  local dir="$1" suite="$2"
  if [ ! -x "$dir/usr/bin/apt-get" ]; then
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
    debootstrap --variant=minbase "$suite" "$dir" http://deb.debian.org/debian
  fi
}

# chroot_mount DIR: /proc and /dev inside DIR, unmounted when the script exits.
chroot_mounted=()
chroot_unmount() { for m in "${chroot_mounted[@]}"; do umount "$m" || true; done; }
chroot_mount() {
  local dir="$1" m
  trap chroot_unmount EXIT
  for m in proc dev dev/pts; do
    if ! mountpoint -q "$dir/$m"; then
      case "$m" in proc) mount -t proc proc "$dir/proc" ;; *) mount --bind "/$m" "$dir/$m" ;; esac
      chroot_mounted=("$dir/$m" "${chroot_mounted[@]}")
    fi
  done
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
}

# chroot_run DIR SCRIPT: SCRIPT in bash inside DIR, as root, with a clean
# environment (what a fresh machine's root shell would have).
chroot_run() {
  chroot "$1" /usr/bin/env -i HOME=/root DEBIAN_FRONTEND=noninteractive \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin bash -c "$2"
}
