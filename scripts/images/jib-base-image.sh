#!/usr/bin/env bash
# Makes the JVM base image of the daemonless image build (-Pimages) without Docker and without a
# registry: a Java 17 runtime made with jlink from the build's own JDK, the host's glibc and the few
# libraries it links against, /etc/passwd with user 185 (jboss) and /tmp. Written as a 'docker save'
# style tarball (manifest.json, config.json, one layer), which Quarkus' Jib extension takes as
# quarkus.jib.base-jvm-image=tar://OUT/base.tar.
# Also puts OUT/docker, the stand-in docker executable (jib-docker-tar.sh) that writes the image
# Jib hands to 'docker load' into a tarball instead (quarkus.jib.docker-executable-name).
#
# usage: jib-base-image.sh OUT_DIR [JAVA_HOME]    (every app module's -Pimages profile calls it)
# Shared by the five app modules; made once per clone (OUT_DIR is the root target/), again only when
# this script or the JDK changes.
set -euo pipefail

out=${1:?usage: jib-base-image.sh OUT_DIR [JAVA_HOME]}
jdk=${2:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"

# the stand-in docker executable: copied each time (cheap), mode set here so no exec bit is needed in git
install -m 0755 "$here/jib-docker-tar.sh" "$out/docker"

stamp="$(sha256sum "$0" | cut -c1-64) $(readlink -f "$jdk")"
if [[ -f $out/base.tar && -f $out/base.stamp && $(cat "$out/base.stamp") == "$stamp" ]]; then
  echo "jib-base-image: $out/base.tar is up to date"
  exit 0
fi

[[ -x $jdk/bin/jlink ]] || { echo "jib-base-image: no jlink in $jdk (a full JDK is needed)" >&2; exit 1; }
work=$(mktemp -d "$out/work.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
java_home=/opt/java/openjdk

# 1. the Java runtime: Java SE plus the JDK modules a Quarkus service on Kafka/PostgreSQL/OIDC uses
#    (sun.misc.Unsafe, EC and PKCS11 crypto, zip file system, DNS naming, JMX, JFR, extra charsets)
"$jdk/bin/jlink" --output "$work/jre" \
  --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.naming.dns,jdk.management,jdk.jfr,jdk.charsets,jdk.net,jdk.security.auth,jdk.localedata \
  --include-locales en,de,fr \
  --strip-debug --no-man-pages --no-header-files --compress=2
mkdir -p "$root$(dirname $java_home)"
# Debian's JDK keeps its config files as symlinks into /etc: make them real files
cp -rL "$work/jre" "$root$java_home"
# a headless server: no X11, sound, splash screen or font rendering natives (and so none of their
# libraries); java.desktop's classes stay, java.beans is used by libraries
rm -f "$root$java_home"/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound,libfontmanager,libjavajpeg,liblcms}.so
# the TLS trust store (a symlink into /etc/ssl on Debian); kept as the JDK's own when it is a file
if [[ ! -s $root$java_home/lib/security/cacerts && -s /etc/ssl/certs/java/cacerts ]]; then
  cp -L /etc/ssl/certs/java/cacerts "$root$java_home/lib/security/cacerts"
fi

# 2. the C libraries the runtime links against, from the host, at the same paths (ELF interpreter included)
mapfile -t elfs < <(find "$root$java_home" -type f \( -name '*.so' -o -path '*/bin/*' \))
for f in "${elfs[@]}"; do
  ldd "$f" 2>/dev/null || true
done | awk '/=> \// {print $3} /^\t\/[^ ]+ \(/ {print $1}' | grep -v "^$root/" | sort -u | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# libraries the JDK loads by name at run time (dlopen), not found by ldd
for lib in libnss_files.so.2 libnss_dns.so.2 libresolv.so.2; do
  for dir in /lib/x86_64-linux-gnu /lib/aarch64-linux-gnu /lib64 /usr/lib64; do
    if [[ -e $dir/$lib ]]; then mkdir -p "$root$dir"; cp -L "$dir/$lib" "$root$dir/$lib"; fi
  done
done

# 3. users, name resolution, /tmp, the application's home (the Jib extension's working directory)
mkdir -p "$root/etc" "$root/tmp" "$root/home/jboss" "$root/bin" "$root/usr/bin"
printf 'root:x:0:0:root:/root:/sbin/nologin\njboss:x:185:0:jboss:/home/jboss:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\njboss:x:185:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
ln -s $java_home/bin/java "$root/usr/bin/java"
chmod 1777 "$root/tmp"

# 4. one layer, reproducible: sorted, no timestamps, owned by root except /home/jboss (185)
layer=$work/layer.tar
tar -C "$root" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
  --exclude=./home/jboss -cf "$layer" .
tar -C "$root" --mtime=@0 --owner=185 --group=0 --numeric-owner --no-recursion -rf "$layer" ./home/jboss
diff_id=sha256:$(sha256sum "$layer" | cut -c1-64)

case $(uname -m) in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
version=$("$root$java_home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}')
cat > "$work/config.json" <<EOF
{"architecture":"$arch","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=$java_home/bin:/usr/bin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"],
  "User":"185","WorkingDir":"/home/jboss",
  "Labels":{"org.opencontainers.image.description":"jlink Java $version runtime and host glibc (jib-base-image.sh)"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"jib-base-image.sh: jlink Java $version"}]}
EOF
printf '[{"Config":"config.json","RepoTags":["entitlements/jvm-base:17"],"Layers":["layer.tar"]}]\n' > "$work/manifest.json"
tar -C "$work" --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$out/base.tar.tmp" manifest.json config.json layer.tar
mv "$out/base.tar.tmp" "$out/base.tar"
echo "$stamp" > "$out/base.stamp"
echo "jib-base-image: $out/base.tar ($(du -h "$out/base.tar" | cut -f1), Java $version, $diff_id)"
