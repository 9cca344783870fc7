// AWS's published SigV4 examples: the generic test suite's get-vanilla cases (service "service")
// and the S3 header-authentication examples (GET with a range, PUT with an escaped key and a body,
// GET of a bucket sub-resource). Each signature below is AWS's, not computed here.
import { describe, expect, it } from "vitest";
import { EMPTY_SHA256, sha256Hex, signV4 } from "./sigv4.ts";

const SUITE = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const S3_DOC = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};

describe("SigV4 test suite (service 'service', us-east-1, 20150830T123600Z)", () => {
  const date = new Date("2015-08-30T12:36:00Z");
  const sign = (url: string) =>
    signV4(
      {
        method: "GET",
        url: new URL(url),
        headers: {},
        payloadHash: EMPTY_SHA256,
        region: "us-east-1",
        service: "service",
        date,
      },
      SUITE,
    );

  it("get-vanilla", () => {
    expect(sign("https://example.amazonaws.com/").headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    );
  });

  it("get-vanilla-query-order-key-case", () => {
    expect(sign("https://example.amazonaws.com/?Param2=value2&Param1=value1").signature).toBe(
      "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
    );
  });
});

describe("S3 documentation examples (examplebucket, us-east-1, 20130524T000000Z)", () => {
  const date = new Date("2013-05-24T00:00:00Z");
  const base = "https://examplebucket.s3.amazonaws.com";

  it("GET Object with a Range", () => {
    const r = signV4(
      {
        method: "GET",
        url: new URL(`${base}/test.txt`),
        headers: { Range: "bytes=0-9", "x-amz-content-sha256": EMPTY_SHA256 },
        payloadHash: EMPTY_SHA256,
        region: "us-east-1",
        service: "s3",
        date,
      },
      S3_DOC,
    );
    expect(r.canonicalRequest).toBe(
      [
        "GET",
        "/test.txt",
        "",
        "host:examplebucket.s3.amazonaws.com",
        "range:bytes=0-9",
        `x-amz-content-sha256:${EMPTY_SHA256}`,
        "x-amz-date:20130524T000000Z",
        "",
        "host;range;x-amz-content-sha256;x-amz-date",
        EMPTY_SHA256,
      ].join("\n"),
    );
    expect(r.stringToSign.split("\n").at(-1)).toBe(
      "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
    );
    expect(r.headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
  });

  it("PUT Object with a key to escape and a body", () => {
    const body = "Welcome to Amazon S3.";
    const hash = sha256Hex(body);
    expect(hash).toBe("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
    const r = signV4(
      {
        method: "PUT",
        url: new URL(`${base}/test$file.text`),
        headers: {
          Date: "Fri, 24 May 2013 00:00:00 GMT",
          "x-amz-storage-class": "REDUCED_REDUNDANCY",
          "x-amz-content-sha256": hash,
        },
        payloadHash: hash,
        region: "us-east-1",
        service: "s3",
        date,
      },
      S3_DOC,
    );
    expect(r.canonicalRequest.split("\n")[1]).toBe("/test%24file.text");
    expect(r.stringToSign.split("\n").at(-1)).toBe(
      "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d",
    );
    expect(r.signature).toBe("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
  });

  it("GET Bucket lifecycle (a sub-resource without a value)", () => {
    const r = signV4(
      {
        method: "GET",
        url: new URL(`${base}/?lifecycle`),
        headers: { "x-amz-content-sha256": EMPTY_SHA256 },
        payloadHash: EMPTY_SHA256,
        region: "us-east-1",
        service: "s3",
        date,
      },
      S3_DOC,
    );
    expect(r.canonicalRequest.split("\n")[2]).toBe("lifecycle=");
    expect(r.signature).toBe("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
  });
});

describe("signing details", () => {
  it("signs a session token and leaves the caller's headers as given", () => {
    const headers = { "x-amz-content-sha256": EMPTY_SHA256 };
    const r = signV4(
      {
        method: "GET",
        url: new URL("http://127.0.0.1:9000/bucket/items/a/media"),
        headers,
        payloadHash: EMPTY_SHA256,
        region: "us-east-1",
        service: "s3",
        date: new Date("2026-01-01T00:00:00Z"),
      },
      { ...S3_DOC, sessionToken: "tok" },
    );
    expect(r.headers["x-amz-security-token"]).toBe("tok");
    expect(r.headers.authorization).toContain(
      "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,",
    );
    // The port is part of the signed host, as fetch sends it.
    expect(r.canonicalRequest).toContain("host:127.0.0.1:9000\n");
    expect(headers).toEqual({ "x-amz-content-sha256": EMPTY_SHA256 });
  });
});
