#!/usr/bin/env bash
# Verifies a kept evidence record (docs/evidence.md): ./verify.sh in a folder holding evidence.json and krr-ca.pem;
# PERSON=<id> names the person the complaint is about.
set -euo pipefail
org=991825827                     # Digdir
person=${PERSON:-20914695016}     # the person the complaint is about
jws=$(jq -r .jws evidence.json)
received=$(jq -r .receivedAt evidence.json)
# 1. the record's id is the SHA-256 of the JWS
test "$(printf '%s' "$jws" | sha256sum | cut -d' ' -f1)" = "$(jq -r .evidenceId evidence.json)"
# 2. the three parts of the JWS (base64url)
b64url() { local s; s=$(tr '_-' '/+'); while [ $(( ${#s} % 4 )) -ne 0 ]; do s="$s="; done; printf '%s' "$s" | base64 -d; }
header=$(printf '%s' "$jws" | cut -d. -f1 | b64url)
printf '%s' "$jws" | cut -d. -f2 | b64url > payload.json
printf '%s' "$jws" | cut -d. -f3 | b64url > signature.bin
# 3. the certificates in x5c: the signer first, then its issuers
printf '%s' "$header" | jq -r '.x5c[0]' | base64 -d | openssl x509 -inform DER -out signer.pem
printf '%s' "$header" | jq -r '.x5c[]' | while read -r der; do
  printf '%s' "$der" | base64 -d | openssl x509 -inform DER; done > chain.pem
# 4. the chain leads to KRR's CA, every certificate valid when the answer came
openssl verify -CAfile krr-ca.pem -untrusted chain.pem -attime "$(date -d "$received" +%s)" signer.pem
# 5. the signer is the organisation
openssl x509 -in signer.pem -noout -subject -nameopt multiline \
  | grep -E "organizationIdentifier *= *NTRNO-$org\$|serialNumber *= *$org\$"
#    and its key may sign (RFC 5280 4.2.1.3): key usage, when given, has digitalSignature or nonRepudiation
usage=$(openssl x509 -in signer.pem -noout -ext keyUsage 2>/dev/null)
test -z "$usage" || grep -qE "Digital Signature|Non Repudiation|Content Commitment" <<< "$usage" \
  || { echo "the signer certificate's key usage allows no digital signature"; exit 1; }
# 6. the signature over header.payload; ES signatures are r||s, which openssl wants DER-encoded
alg=$(printf '%s' "$header" | jq -r .alg)
printf '%s' "$jws" | cut -d. -f1,2 | tr -d '\n' > signed-input.txt
openssl x509 -in signer.pem -noout -pubkey > signer-key.pem
opts=()
case "$alg" in
  ES*) half=$(( ${alg:2} == 512 ? 66 : ${alg:2} / 8 ))   # bytes of r and of s
       hex=$(od -An -tx1 -v signature.bin | tr -d ' \n')
       printf 'asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' \
         "${hex:0:$((half * 2))}" "${hex:$((half * 2))}" > signature.cnf
       openssl asn1parse -genconf signature.cnf -out signature.der -noout ;;
  PS*) cp signature.bin signature.der; opts=(-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest) ;;
  RS*) cp signature.bin signature.der ;;
  *) echo "unexpected algorithm $alg"; exit 1 ;;
esac
openssl dgst "-sha${alg:2}" "${opts[@]}" -verify signer-key.pem -signature signature.der signed-input.txt
# 7. what KRR said about the person that day
jq --arg id "$person" '.personer[] | select(.personidentifikator == $id)' payload.json
