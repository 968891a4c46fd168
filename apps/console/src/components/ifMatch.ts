/** The If-Match header for a versioned record as last read (the services' ETag is the quoted version). */
export const ifMatch = (version: number) => `"${version}"`;
