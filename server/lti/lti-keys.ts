// Parley's own key pairs for LTI: made on first need, kept in the database (every node
// signs with the same newest key), all public halves published at /api/lti/jwks.
import { randomUUID } from "node:crypto";
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from "jose";
import { z } from "zod";
import type { Db } from "../db/client";

export const LTI_ALG = "RS256";

const jwkSchema = z.looseObject({ kty: z.literal("RSA"), n: z.string(), e: z.string() });

export interface LtiKeys {
  /** The public keys, as a JSON Web Key Set. */
  jwks(): Promise<{ keys: JWK[] }>;
  /** Signs claims with the newest private key (its kid in the header). */
  sign(claims: JWTPayload, options: { expiresInS: number; now: number }): Promise<string>;
  /** The claims of a token Parley signed itself for `audience`, or null (forged, expired, another audience). */
  verifyOwn(token: string, options: { audience: string; now: number }): Promise<JWTPayload | null>;
}

export function createLtiKeys(db: Db): LtiKeys {
  let creating: Promise<void> | null = null;

  async function ensureKey(): Promise<void> {
    if ((await db.ltiKey.count()) > 0) return;
    // One creation per process at a time; two nodes racing publish both keys, which is harmless.
    creating ??= (async () => {
      const { publicKey, privateKey } = await generateKeyPair(LTI_ALG, { extractable: true, modulusLength: 2048 });
      const kid = randomUUID();
      const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: LTI_ALG, use: "sig" };
      const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: LTI_ALG };
      await db.ltiKey.create({ data: { kid, publicJwk: JSON.stringify(publicJwk), privateJwk: JSON.stringify(privateJwk) } });
    })().finally(() => {
      creating = null;
    });
    await creating;
  }

  async function newest() {
    await ensureKey();
    const row = await db.ltiKey.findFirst({ orderBy: [{ createdAt: "desc" }, { kid: "desc" }] });
    if (!row) throw new Error("no LTI key after creating one");
    return row;
  }

  return {
    async jwks() {
      await ensureKey();
      const rows = await db.ltiKey.findMany({ orderBy: { createdAt: "desc" } });
      return { keys: rows.map((r) => jwkSchema.parse(JSON.parse(r.publicJwk)) as JWK) };
    },
    async sign(claims, { expiresInS, now }) {
      const row = await newest();
      const key = await importJWK(jwkSchema.parse(JSON.parse(row.privateJwk)) as JWK, LTI_ALG);
      const iat = Math.floor(now / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: LTI_ALG, kid: row.kid, typ: "JWT" })
        .setIssuedAt(iat)
        .setExpirationTime(iat + expiresInS)
        .sign(key);
    },
    async verifyOwn(token, { audience, now }) {
      try {
        const keys = createLocalJWKSet(await this.jwks());
        const { payload } = await jwtVerify(token, keys, { audience, algorithms: [LTI_ALG], currentDate: new Date(now) });
        return payload;
      } catch {
        return null;
      }
    },
  };
}
