// The few parts of node-forge that skiff uses (the package ships no types of its own; these
// follow its documentation and its lib/x509.js). Only X.509 issuing goes through forge: keys are
// made, node certificates signed, and TLS spoken, by Node's own crypto.
declare module "node-forge" {
  namespace forge {
    namespace pki {
      interface PublicKey { readonly __publicKey: unique symbol }
      interface PrivateKey { readonly __privateKey: unique symbol }
      interface CertificateField { name?: string; shortName?: string; value: string }
      interface AltName { type: number; value?: string; ip?: string }
      interface Extension { name: string; critical?: boolean; [key: string]: unknown }
      interface Certificate {
        serialNumber: string;
        publicKey: PublicKey;
        validity: { notBefore: Date; notAfter: Date };
        subject: { getField(name: string): CertificateField | null };
        setSubject(attrs: CertificateField[]): void;
        setIssuer(attrs: CertificateField[]): void;
        setExtensions(exts: Extension[]): void;
        sign(key: PrivateKey, md: md.MessageDigest): void;
        /** What sign() sets; ca.ts sets them itself when Node's crypto signs. */
        siginfo: { algorithmOid: string | null };
        signatureOid: string | null;
        /** A binary string. */
        signature: string;
        tbsCertificate: asn1.Asn1;
      }
      /** The TBSCertificate as forge would sign it (needs siginfo.algorithmOid set). */
      function getTBSCertificate(cert: Certificate): asn1.Asn1;
      const oids: Record<string, string>;
      function createCertificate(): Certificate;
      function certificateToPem(cert: Certificate): string;
      function certificateFromPem(pem: string): Certificate;
      function publicKeyFromPem(pem: string): PublicKey;
      function privateKeyFromPem(pem: string): PrivateKey;
    }
    namespace asn1 {
      interface Asn1 { value: Asn1[] | string }
      function fromDer(bytes: util.ByteStringBuffer): Asn1;
      function toDer(obj: Asn1): util.ByteStringBuffer;
    }
    namespace util {
      interface ByteStringBuffer { getBytes(): string }
      /** From a binary string. */
      function createBuffer(bytes: string): ByteStringBuffer;
    }
    namespace md {
      interface MessageDigest { readonly __digest: unique symbol }
      namespace sha256 {
        function create(): MessageDigest;
      }
    }
  }
  export default forge;
}
