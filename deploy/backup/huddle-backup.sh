#!/usr/bin/env bash
# Encrypted backup of Huddle's store, pruned after HUDDLE_BACKUP_KEEP_DAYS (docs/deploy.md, part 4).
#
# Settings come from the environment (huddle-backup.service reads /etc/huddle/huddle.env):
#   HUDDLE_STORE             empty: back up the SQLite file in HUDDLE_DATA; postgresql://...: pg_dump it
#   HUDDLE_DATA              the server's --data folder (default /var/lib/huddle/data)
#   HUDDLE_BACKUP_DIR        where encrypted backups go (default /var/lib/huddle-backups)
#   HUDDLE_BACKUP_RECIPIENT  age public key to encrypt to (required; no plain-text backup is written)
#   HUDDLE_BACKUP_KEEP_DAYS  delete backups older than this many days (default 30)
#   PGPASSWORD               read by pg_dump when the URL carries no password
#
# The admin token is left out on purpose: it is a credential, and a server without one makes a
# new one on start. Needs: sqlite3 (SQLite) or pg_dump (PostgreSQL), and age.
set -euo pipefail

data=${HUDDLE_DATA:-/var/lib/huddle/data}
dest=${HUDDLE_BACKUP_DIR:-/var/lib/huddle-backups}
keep_days=${HUDDLE_BACKUP_KEEP_DAYS:-30}
store=${HUDDLE_STORE:-}
recipient=${HUDDLE_BACKUP_RECIPIENT:-}

fail() { echo "huddle-backup: $*" >&2; exit 1; }

[[ -n $recipient ]] || fail "HUDDLE_BACKUP_RECIPIENT is empty: refusing to write an unencrypted backup"
[[ $keep_days =~ ^[0-9]+$ && $keep_days -ge 1 ]] || fail "HUDDLE_BACKUP_KEEP_DAYS must be a whole number of days, at least 1"
command -v age >/dev/null || fail "age is not installed (apt install age)"

umask 077
mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stamp=$(date -u +%Y%m%dT%H%M%SZ)

if [[ -z $store ]]; then
    source_file=$data/huddle.sqlite3
    [[ -f $source_file ]] || fail "no SQLite store at $source_file"
    command -v sqlite3 >/dev/null || fail "sqlite3 is not installed (apt install sqlite3)"
    # VACUUM INTO reads one consistent snapshot (safe while the server writes, WAL included) and
    # writes only live rows: space left by purged sessions is not carried into the copy.
    plain=$work/huddle.sqlite3
    sqlite3 "$source_file" "VACUUM INTO '$plain'"
    check=$(sqlite3 "$plain" "PRAGMA integrity_check")
    [[ $check == ok ]] || fail "the copy failed its integrity check: $check"
    name=huddle-$stamp.sqlite3.age
else
    case $store in
        postgresql://*|postgres://*) ;;
        *) fail "HUDDLE_STORE is not a postgresql:// URL" ;;
    esac
    command -v pg_dump >/dev/null || fail "pg_dump is not installed (apt install postgresql-client)"
    plain=$work/huddle.dump
    pg_dump --format=custom --no-owner --no-privileges --dbname="$store" --file="$plain"
    name=huddle-$stamp.dump.age
fi

age --encrypt --recipient "$recipient" --output "$dest/$name.partial" "$plain"
mv "$dest/$name.partial" "$dest/$name"
echo "huddle-backup: wrote $dest/$name"

# Backups older than the keep period go, so a purge or an expiry reaches the backups too.
find "$dest" -maxdepth 1 -type f -name 'huddle-*.age' -mmin +$((keep_days * 24 * 60)) -print -delete
find "$dest" -maxdepth 1 -type f -name 'huddle-*.partial' -mmin +60 -delete
