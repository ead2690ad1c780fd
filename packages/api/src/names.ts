// Name and label syntax, with Kubernetes' own rules and wording (k8s.io/apimachinery
// pkg/util/validation), so a manifest that passes there passes here with the same message.
// Each `check…` function returns the problem as a short sentence, or undefined when valid.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;

export const DNS1123_LABEL_MESSAGE =
  "must be a DNS-1123 label: lower case alphanumeric characters or '-', starting and ending with an alphanumeric character";
export const DNS1123_SUBDOMAIN_MESSAGE =
  "must be a DNS-1123 subdomain: lower case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character";
const QUALIFIED_NAME_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MESSAGE =
  "a label value must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** A DNS-1123 label (RFC 1123): Namespace and Service names, container and port names. */
export function isDns1123Label(s: string): boolean {
  return s.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(s);
}

/** A DNS-1123 subdomain: dot-separated labels, at most 253 characters (most object names). */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(s);
}

export function checkDns1123Label(s: string): string | undefined {
  if (s.length > DNS1123_LABEL_MAX) return `must be no more than ${DNS1123_LABEL_MAX} characters`;
  return DNS1123_LABEL.test(s) ? undefined : DNS1123_LABEL_MESSAGE;
}

export function checkDns1123Subdomain(s: string): string | undefined {
  if (s.length > DNS1123_SUBDOMAIN_MAX) return `must be no more than ${DNS1123_SUBDOMAIN_MAX} characters`;
  return DNS1123_SUBDOMAIN.test(s) ? undefined : DNS1123_SUBDOMAIN_MESSAGE;
}

/** A label or annotation key: `[prefix/]name`, the prefix a DNS subdomain, the name 63 characters at most. */
export function checkQualifiedName(s: string): string | undefined {
  const slash = s.indexOf("/");
  const prefix = slash >= 0 ? s.slice(0, slash) : undefined;
  const name = slash >= 0 ? s.slice(slash + 1) : s;
  if (prefix !== undefined) {
    if (prefix === "") return "prefix part must not be empty";
    const bad = checkDns1123Subdomain(prefix);
    if (bad) return `prefix part ${bad}`;
  }
  if (name === "") return "name part must not be empty";
  if (name.length > 63) return "name part must be no more than 63 characters";
  return QUALIFIED_NAME_PART.test(name) ? undefined : QUALIFIED_NAME_MESSAGE;
}

export function isQualifiedName(s: string): boolean {
  return checkQualifiedName(s) === undefined;
}

export function checkLabelValue(s: string): string | undefined {
  if (s.length > LABEL_VALUE_MAX) return `must be no more than ${LABEL_VALUE_MAX} characters`;
  return LABEL_VALUE.test(s) ? undefined : LABEL_VALUE_MESSAGE;
}

export function isLabelValue(s: string): boolean {
  return checkLabelValue(s) === undefined;
}

/** A named port (`http`, `metrics`): at most 15 characters, at least one letter, no `--`. */
export function checkPortName(s: string): string | undefined {
  if (s.length > 15) return "must be no more than 15 characters";
  if (!IANA_SVC_NAME.test(s)) {
    return "must contain only lower case alphanumeric characters or '-', starting and ending with an alphanumeric character";
  }
  if (s.includes("--")) return "must not contain consecutive hyphens";
  if (!/[a-z]/.test(s)) return "must contain at least one letter";
  return undefined;
}

export function checkEnvVarName(s: string): string | undefined {
  return ENV_VAR_NAME.test(s)
    ? undefined
    : "must consist of alphabetic characters, digits, '_', '-' or '.', and must not start with a digit";
}

/** A ConfigMap or Secret key, which becomes a file name when mounted. */
export function checkConfigKey(s: string): string | undefined {
  if (s.length > DNS1123_SUBDOMAIN_MAX) return `must be no more than ${DNS1123_SUBDOMAIN_MAX} characters`;
  if (s === "." || s === "..") return `must not be '${s}'`;
  return CONFIG_KEY.test(s) ? undefined : "must consist of alphanumeric characters, '-', '_' or '.'";
}
