/** A monitored system as the API shows it: secret values never leave the store. */
export interface SourceView {
  id: string;
  name: string;
  kind: string;
  description: string;
  config: Record<string, unknown>;
  /** Names of the secret fields that are set; their values are write-only. */
  secretFields: string[];
  createdAt: string;
  updatedAt: string;
}
