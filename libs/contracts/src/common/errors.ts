/** The error body an RPC handler answers with; `code` is stable across releases, e.g. `REGISTRY.PERSON_NOT_FOUND`. */
export interface RpcErrorBody {
  code: string;
  message: string;
  /** The HTTP status the error stands for, so a caller can pass it on. */
  status: number;
  errors?: { field: string; message: string }[];
}

/** Codes every service may answer with. Service-specific codes are `<SERVICE>.<WHAT>`. */
export const CommonErrorCodes = {
  validation: 'COMMON.VALIDATION_FAILED',
  notFound: 'COMMON.NOT_FOUND',
  conflict: 'COMMON.CONFLICT',
  internal: 'COMMON.INTERNAL',
  timeout: 'COMMON.RPC_TIMEOUT',
  unavailable: 'COMMON.RPC_UNAVAILABLE',
} as const;

export function isRpcErrorBody(value: unknown): value is RpcErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RpcErrorBody).code === 'string' &&
    typeof (value as RpcErrorBody).message === 'string'
  );
}
