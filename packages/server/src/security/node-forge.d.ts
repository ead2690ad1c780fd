// The few parts of node-forge that skiff uses (the package ships no types of its own; these
// follow its documentation). Only X.509 issuing goes through forge: keys are made, and TLS is
// spoken, by Node's own crypto.
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
      }
      function createCertificate(): Certificate;
      function certificateToPem(cert: Certificate): string;
      function certificateFromPem(pem: string): Certificate;
      function publicKeyFromPem(pem: string): PublicKey;
      function privateKeyFromPem(pem: string): PrivateKey;
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
