# shellcheck shell=bash
# Bearer tokens for the local platform: a key pair in .lct/jwt (made once) whose public half the services trust,
# and RS256 tokens signed with openssl. Production keys come from the deployment (see docs/operations.md), never from here.

lct_b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# lct_jwt_keys DIR: creates DIR/private-key.pem and DIR/public-key.pem unless they exist.
lct_jwt_keys() {
    local dir=$1
    [ -f "$dir/private-key.pem" ] && [ -f "$dir/public-key.pem" ] && return 0
    mkdir -p "$dir"
    chmod 700 "$dir"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/private-key.pem" 2>/dev/null
    openssl pkey -in "$dir/private-key.pem" -pubout -out "$dir/public-key.pem"
}

# lct_jwt_token DIR USER HOURS ROLE...: a token issued by "lct" for USER with ROLEs in the groups claim.
lct_jwt_token() {
    local dir=$1 user=$2 hours=$3 now groups header payload signature
    shift 3
    now=$(date +%s)
    groups=$(printf '"%s",' "$@")
    header=$(printf '{"alg":"RS256","typ":"JWT"}' | lct_b64url)
    payload=$(printf '{"iss":"lct","upn":"%s","sub":"%s","groups":[%s],"iat":%d,"exp":%d}' \
        "$user" "$user" "${groups%,}" "$now" $((now + hours * 3600)) | lct_b64url)
    signature=$(printf '%s.%s' "$header" "$payload" \
        | openssl dgst -sha256 -sign "$dir/private-key.pem" -binary | lct_b64url)
    printf '%s.%s.%s\n' "$header" "$payload" "$signature"
}
