# shellcheck shell=bash
# A private PostgreSQL server for ./lct: initdb and pg_ctl as an unprivileged OS user (the server refuses
# to run as root), listening on 127.0.0.1 only, with a generated password.

# The directory holding initdb and pg_ctl; installs the server with apt-get when it is missing and we can.
lct_pg_bindir() {
    local dir
    if [ -n "${LCT_PG_BINDIR:-}" ]; then echo "$LCT_PG_BINDIR"; return; fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r) \
               "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return; fi
    done
    return 1
}

lct_pg_require_server() {
    if LCT_PG_BIN=$(lct_pg_bindir); then export LCT_PG_BIN; return 0; fi
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        lct_info "PostgreSQL server binaries not found; installing them with apt-get"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2 \
            || lct_die "apt-get could not install PostgreSQL; install the PostgreSQL 15+ server (Debian: apt-get install postgresql-15) or point LCT_PG_HOST at a server"
        LCT_PG_BIN=$(lct_pg_bindir) || lct_die "PostgreSQL was installed but initdb/pg_ctl are still not found; set LCT_PG_BINDIR"
        export LCT_PG_BIN
        return 0
    fi
    lct_die "PostgreSQL server binaries (initdb, pg_ctl) not found. Install the PostgreSQL 15+ server (Debian: apt-get install postgresql-15; others: your package manager), set LCT_PG_BINDIR to their directory, or set LCT_PG_HOST/LCT_PG_PORT/LCT_PG_USER/LCT_PG_PASSWORD to use an existing server."
}

# The OS user that runs the server: ourselves, or when we are root an unprivileged account.
lct_pg_os_user() {
    if [ "$(id -u)" -ne 0 ]; then id -un; return; fi
    local user=${LCT_PG_OS_USER:-}
    if [ -z "$user" ]; then
        if id postgres >/dev/null 2>&1; then user=postgres; else user=lctdb; fi
    fi
    if ! id "$user" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$user" \
            || lct_die "cannot create the unprivileged user $user to run PostgreSQL; set LCT_PG_OS_USER to an existing one"
    fi
    echo "$user"
}

# Runs a command as the server's user, from /, since our working directory may be closed to that user.
lct_pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u "$LCT_PG_OS_USER" -- "$@"); else "$@"; fi
}

lct_port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

lct_free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        lct_port_in_use "$port" || { echo "$port"; return 0; }
    done
    lct_die "no free TCP port found on 127.0.0.1"
}

# lct_pg_prepare_dir DIR: makes DIR a directory the server user can write. When the path is not reachable by
# that user (a checkout inside a private 0700 directory), the data lives in a private directory under /tmp
# and DIR becomes a link to it.
lct_pg_prepare_dir() {
    local dir=$1 real
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown "$LCT_PG_OS_USER" "$dir"
    if ! lct_pg_as_owner test -w "$dir" 2>/dev/null || ! lct_pg_as_owner test -x "$dir" 2>/dev/null; then
        rmdir "$dir"
        real=$(mktemp -d /tmp/lct-postgres.XXXXXX)
        chown "$LCT_PG_OS_USER" "$real"
        ln -s "$real" "$dir"
    fi
}

# lct_pg_start DIR PORT [extra server options]: initialises DIR on first use (superuser lct, password in
# DIR/.password) and starts the server. Exports LCT_PG_HOST, LCT_PG_PORT, LCT_PG_USER, LCT_PG_PASSWORD.
lct_pg_start() {
    local dir=$1 port=$2 options=${3:-} fresh="" pgdata
    LCT_PG_OS_USER=$(lct_pg_os_user); export LCT_PG_OS_USER
    if [ ! -s "$dir/.password" ] || [ ! -f "$dir/data/PG_VERSION" ]; then
        lct_pg_prepare_dir "$dir"
        fresh=yes
    fi
    dir=$(readlink -f "$dir")  # the server's user may reach the data only by its real path
    pgdata="$dir/data"
    if [ -n "$fresh" ]; then
        head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/.password"
        chmod 600 "$dir/.password"
        [ "$(id -u)" -eq 0 ] && chown "$LCT_PG_OS_USER" "$dir/.password"
        lct_pg_as_owner "$LCT_PG_BIN/initdb" -D "$pgdata" -U lct --pwfile="$dir/.password" \
            --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; lct_die "initdb failed in $pgdata"; }
    fi
    lct_pg_as_owner "$LCT_PG_BIN/pg_ctl" -D "$pgdata" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' $options" start >/dev/null \
        || { tail -n 20 "$dir/server.log" >&2; return 1; }
    export LCT_PG_HOST=127.0.0.1 LCT_PG_PORT=$port LCT_PG_USER=lct
    LCT_PG_PASSWORD=$(cat "$dir/.password"); export LCT_PG_PASSWORD
}

lct_pg_is_running() {
    local dir; dir=$(readlink -f "$1")
    [ -f "$dir/data/postmaster.pid" ] && lct_pg_as_owner "$LCT_PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

lct_pg_stop() {
    local dir; dir=$(readlink -f "$1")
    [ -f "$dir/data/postmaster.pid" ] || return 0
    lct_pg_as_owner "$LCT_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

# Stops the server and deletes DIR, following the link to /tmp when lct_pg_prepare_dir made one.
lct_pg_destroy() {
    local dir=$1
    lct_pg_stop "$dir"
    if [ -L "$dir" ]; then rm -rf "$(readlink -f "$dir")"; fi
    rm -rf "$dir"
}

# psql against the configured server: lct_psql DATABASE [psql args]
lct_psql() {
    local database=$1; shift
    PGPASSWORD=$LCT_PG_PASSWORD "$LCT_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$LCT_PG_HOST" -p "$LCT_PG_PORT" -U "$LCT_PG_USER" -d "$database" "$@"
}
