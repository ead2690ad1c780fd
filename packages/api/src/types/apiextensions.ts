// CustomResourceDefinition (apiextensions.k8s.io/v1): a kind a user defines, with its names, scope,
// versions, schema, subresources and printer columns. See ../custom/README.md.
import type { ApiObject } from "../meta.js";

/** A node of an OpenAPI v3 schema, as Kubernetes' JSONSchemaProps (the keywords skiff reads). */
export interface JSONSchemaProps {
  type?: string;
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  nullable?: boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  [keyword: string]: unknown;
}

export interface CustomResourceNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CustomResourceColumn {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

export interface CustomResourceScale {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface CustomResourceVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: Record<string, never>; scale?: CustomResourceScale };
  additionalPrinterColumns?: CustomResourceColumn[];
}

export interface CustomResourceDefinitionSpec {
  group: string;
  names: CustomResourceNames;
  scope: "Namespaced" | "Cluster";
  versions: CustomResourceVersion[];
  conversion?: { strategy: "None" };
  preserveUnknownFields?: boolean;
}

export interface CustomResourceDefinitionCondition {
  type: "Established" | "NamesAccepted" | "Terminating";
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface CustomResourceDefinitionStatus {
  conditions?: CustomResourceDefinitionCondition[];
  acceptedNames?: CustomResourceNames;
  storedVersions?: string[];
}

export type CustomResourceDefinition = ApiObject<CustomResourceDefinitionSpec, CustomResourceDefinitionStatus>;
