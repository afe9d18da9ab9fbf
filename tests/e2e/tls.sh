#!/usr/bin/env bash
# Makes what the portal simulators need to be reached under the portals' real names, for this
# run only: a test CA (never trusted outside the run's namespace), a server certificate for the
# portal hosts signed by it, a CA bundle = the system's CAs + the test CA, and a hosts file that
# maps the portal names (and two foreign names the app must never ask for) to 127.0.0.1.
# Usage: tls.sh DIR  (writes ca.pem, server.pem, server-key.pem, bundle.pem, hosts)
set -euo pipefail
DIR=$1
mkdir -p "$DIR"
cd "$DIR"
HOSTS=(zwfw.nmpa.gov.cn www.cpta.com.cn zs.cpta.com.cn zg.cpta.com.cn www.jszg.edu.cn sso1.jszg.edu.cn app.jszg.edu.cn)
FOREIGN=(www.nmpa.gov.cn www.baidu.com)
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Applicant Assistant e2e test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout ca-key.pem -out ca.pem 2>/dev/null
# The foreign names too: were the app to go there, the page would load and the simulator would
# see the request (a refused link must never get that far).
san=$(printf 'DNS:%s,' "${HOSTS[@]}" "${FOREIGN[@]}")
openssl req -newkey rsa:2048 -nodes -subj "/CN=zwfw.nmpa.gov.cn" -keyout server-key.pem -out server.csr 2>/dev/null
printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n' "${san%,}" > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile server.ext -out server.pem 2>/dev/null
rm -f ca-key.pem server.csr ca.srl
cat /etc/ssl/certs/ca-certificates.crt ca.pem > bundle.pem
{
  cat /etc/hosts
  echo "# Applicant Assistant e2e: the portals on this machine"
  for h in "${HOSTS[@]}" "${FOREIGN[@]}"; do echo "127.0.0.1 $h"; done
} > hosts
