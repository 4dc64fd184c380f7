"""Certificates made in the test: a CA, the platform's certificate on 127.0.0.1, a desk's.

Written with `cryptography`'s x509 as PEM files in a folder, the way an office's
authority hands them out: `ca.pem`, `server.pem` + `server.key`, `client.pem` +
`client.key`, and, to prove the refusals, `other-ca.pem` (another authority),
`expired.pem` + `expired.key` (the platform's, out of date), `elsewhere.pem` +
`elsewhere.key` (the right authority's, for another host name) and `stranger.pem` +
`stranger.key` (a desk certificate the other authority signed).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class Pki:
    folder: Path

    def __call__(self, name: str) -> str:
        """The path of one of the files, e.g. pki("ca.pem")."""
        return str(self.folder / name)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _write(folder: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey | None):
    (folder / f"{stem}.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    if key is not None:
        (folder / f"{stem}.key").write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))


def _authority(common: str, now: datetime) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common)).issuer_name(_name(common))
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
            key_encipherment=False, data_encipherment=False, key_agreement=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def _leaf(common: str, ca: x509.Certificate, ca_key: ec.EllipticCurvePrivateKey, *,
          server: bool, start: datetime, end: datetime, host: str = "127.0.0.1"
          ) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    usage = ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common)).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
    )
    if server:
        names: list[x509.GeneralName] = (
            [x509.IPAddress(ipaddress.ip_address(host)), x509.DNSName("localhost")]
            if host == "127.0.0.1" else [x509.DNSName(host)]
        )
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(ca_key, hashes.SHA256()), key


def make_pki(folder: Path) -> Pki:
    """Write the test's CA, certificates and keys into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    ca, ca_key = _authority("Test Province Exchange CA", now)
    other, other_key = _authority("Some Other CA", now)
    _write(folder, "ca", ca, None)
    _write(folder, "other-ca", other, None)
    year = timedelta(days=365)
    for stem, common, server, start, end in (
        ("server", "exchange.test", True, now - timedelta(days=1), now + year),
        ("expired", "exchange.test", True, now - 2 * year, now - timedelta(days=1)),
        ("client", "desk 140121/01", False, now - timedelta(days=1), now + year),
    ):
        cert, key = _leaf(common, ca, ca_key, server=server, start=start, end=end)
        _write(folder, stem, cert, key)
    elsewhere, key = _leaf("exchange.other.test", ca, ca_key, server=True,
                           start=now - timedelta(days=1), end=now + year,
                           host="exchange.other.test")
    _write(folder, "elsewhere", elsewhere, key)
    stranger, key = _leaf("desk of another province", other, other_key, server=False,
                          start=now - timedelta(days=1), end=now + year)
    _write(folder, "stranger", stranger, key)
    return Pki(folder)
