/* Proof-of-work for the complaint form (ALTCHA scheme, see apps/complaints/pow.py).
 * Finds n with SHA-256(salt + n) == challenge, then puts base64(JSON) in the hidden
 * "pow" field. Uses Web Crypto where available (HTTPS, localhost) and a small pure-JS
 * SHA-256 otherwise. Without JavaScript the form still submits (stricter rate limit). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-pow-challenge]");
  if (!form) return;
  var field = form.querySelector("input[name=pow]");
  var status = form.querySelector("[data-pow-status]");
  var challenge;
  try { challenge = JSON.parse(form.getAttribute("data-pow-challenge")); } catch (e) { return; }
  var lang = document.documentElement.lang || "zh-hans";
  var en = lang.indexOf("en") === 0;
  function say(text) { if (status) status.textContent = text; }

  var K = [0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,
    0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,
    0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
    0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
    0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,
    0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
    0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,
    0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2];
  function sha256hex(ascii) {  // ASCII input only (salt is hex, n is digits)
    var H = [0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19];
    var bytes = [], i, j;
    for (i = 0; i < ascii.length; i++) bytes.push(ascii.charCodeAt(i) & 0xff);
    var bitLen = bytes.length * 8;
    bytes.push(0x80);
    while (bytes.length % 64 !== 56) bytes.push(0);
    for (i = 7; i >= 0; i--) bytes.push(i > 3 ? 0 : (bitLen >>> (i * 8)) & 0xff);
    var w = new Array(64);
    for (i = 0; i < bytes.length; i += 64) {
      for (j = 0; j < 16; j++) w[j] = (bytes[i+j*4] << 24) | (bytes[i+j*4+1] << 16) | (bytes[i+j*4+2] << 8) | bytes[i+j*4+3];
      for (j = 16; j < 64; j++) {
        var a = w[j-15], b = w[j-2];
        var s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
        var s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
        w[j] = (w[j-16] + s0 + w[j-7] + s1) | 0;
      }
      var h = H.slice();
      for (j = 0; j < 64; j++) {
        var S1 = ((h[4] >>> 6) | (h[4] << 26)) ^ ((h[4] >>> 11) | (h[4] << 21)) ^ ((h[4] >>> 25) | (h[4] << 7));
        var ch = (h[4] & h[5]) ^ (~h[4] & h[6]);
        var t1 = (h[7] + S1 + ch + K[j] + w[j]) | 0;
        var S0 = ((h[0] >>> 2) | (h[0] << 30)) ^ ((h[0] >>> 13) | (h[0] << 19)) ^ ((h[0] >>> 22) | (h[0] << 10));
        var maj = (h[0] & h[1]) ^ (h[0] & h[2]) ^ (h[1] & h[2]);
        var t2 = (S0 + maj) | 0;
        h = [(t1 + t2) | 0, h[0], h[1], h[2], (h[3] + t1) | 0, h[4], h[5], h[6]];
      }
      for (j = 0; j < 8; j++) H[j] = (H[j] + h[j]) | 0;
    }
    var out = "";
    for (j = 0; j < 8; j++) out += ("00000000" + (H[j] >>> 0).toString(16)).slice(-8);
    return out;
  }
  var subtle = window.crypto && window.crypto.subtle && window.isSecureContext ? window.crypto.subtle : null;
  var enc = window.TextEncoder ? new TextEncoder() : null;
  function hashAsync(text) {
    if (subtle && enc) {
      return subtle.digest("SHA-256", enc.encode(text)).then(function (buf) {
        var arr = new Uint8Array(buf), s = "";
        for (var i = 0; i < arr.length; i++) s += ("0" + arr[i].toString(16)).slice(-2);
        return s;
      });
    }
    return Promise.resolve(sha256hex(text));
  }
  function done(n) {
    var payload = {algorithm: challenge.algorithm, challenge: challenge.challenge, number: n,
                   salt: challenge.salt, signature: challenge.signature};
    field.value = btoa(JSON.stringify(payload));
    say(en ? "Verified: you can submit the form." : "人机验证已完成，可以提交。");
  }
  say(en ? "Verifying your browser (a few seconds)…" : "正在进行人机验证（几秒钟）…");
  var n = 0, max = challenge.maxnumber || 100000, batch = 500;
  function step() {
    var promises = [];
    for (var k = 0; k < batch && n + k <= max; k++) promises.push(hashAsync(challenge.salt + (n + k)));
    Promise.all(promises).then(function (hashes) {
      for (var k = 0; k < hashes.length; k++) {
        if (hashes[k] === challenge.challenge) { done(n + k); return; }
      }
      n += hashes.length;
      if (n > max) { say(en ? "Verification failed; please reload the page." : "验证失败，请刷新页面。"); return; }
      setTimeout(step, 0);
    });
  }
  step();
})();
