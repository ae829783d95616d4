import type { Generated } from 'kysely';

/** The `accounts` table (see migrations/0001-core.ts). Booleans are 0/1, times ISO text. */
export interface AccountTable {
  id: Generated<number>;
  name: string;
  direction: string;
  protocol: string;
  preset: string;
  connection: string;
  host: string;
  port: number;
  username: string;
  timeout_ms: number;
  security: string;
  sasl: string;
  auth: string;
  smtp_auth: number;
  leave_copy: number;
  folder: string;
  proxy_type: string;
  proxy_host: string | null;
  proxy_port: number | null;
  proxy_username: string | null;
  tls_ca_pem: string | null;
  tls_pin_sha256: string | null;
  tls_insecure: number;
  oauth_client_id: string | null;
  oauth_tenant_id: string | null;
  oauth_loopback: number;
  oauth_browser: number;
  oauth_authority: string | null;
  /** Inbound and outbound settings, as JSON. */
  settings_json: string;
  state: string;
  state_detail: string | null;
  enabled: number;
  last_test_json: string | null;
  created_at: string;
  updated_at: string;
}
