import CCurl

/// AES-256-GCM from OpenSSL's libcrypto: authenticated encryption with a 12-byte nonce and a
/// 16-byte tag over the ciphertext and the additional data.
enum AES256GCM {
    static let keyByteCount = 32
    static let nonceByteCount = 12
    static let tagByteCount = 16

    /// `plaintext` encrypted under `key` with `nonce`, and the tag that authenticates it together
    /// with `additionalData`; `nil` only when OpenSSL fails (memory).
    static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], additionalData: [UInt8]) -> (ciphertext: [UInt8], tag: [UInt8])? {
        precondition(key.count == keyByteCount && nonce.count == nonceByteCount, "AES256GCM.seal needs a 32-byte key and a 12-byte nonce")
        guard let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var tag = [UInt8](repeating: 0, count: tagByteCount)
        var length: Int32 = 0
        var finalLength: Int32 = 0
        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(context, ccurl_evp_ctrl_gcm_set_ivlen, Int32(nonceByteCount), nil) == 1,
              EVP_EncryptInit_ex(context, nil, nil, key, nonce) == 1,
              additionalData.isEmpty || EVP_EncryptUpdate(context, nil, &length, additionalData, Int32(additionalData.count)) == 1,
              EVP_EncryptUpdate(context, &ciphertext, &length, plaintext, Int32(plaintext.count)) == 1,
              ciphertext.withUnsafeMutableBufferPointer({ buffer in
                  buffer.baseAddress.map { EVP_EncryptFinal_ex(context, $0 + Int(length), &finalLength) } ?? 0
              }) == 1,
              EVP_CIPHER_CTX_ctrl(context, ccurl_evp_ctrl_gcm_get_tag, Int32(tagByteCount), &tag) == 1
        else { return nil }
        ciphertext.removeLast(ciphertext.count - Int(length + finalLength))
        return (ciphertext, tag)
    }

    /// The plaintext, or `nil` when the tag does not authenticate `ciphertext` and
    /// `additionalData` under `key` and `nonce`: anything altered, or the wrong key.
    static func open(_ ciphertext: ArraySlice<UInt8>, tag: ArraySlice<UInt8>, key: [UInt8], nonce: ArraySlice<UInt8>, additionalData: ArraySlice<UInt8>) -> [UInt8]? {
        guard key.count == keyByteCount, nonce.count == nonceByteCount, tag.count == tagByteCount else { return nil }
        guard let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var tag = Array(tag)
        let nonce = Array(nonce)
        let additionalData = Array(additionalData)
        let ciphertext = Array(ciphertext)
        var length: Int32 = 0
        var finalLength: Int32 = 0
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(context, ccurl_evp_ctrl_gcm_set_ivlen, Int32(nonceByteCount), nil) == 1,
              EVP_DecryptInit_ex(context, nil, nil, key, nonce) == 1,
              additionalData.isEmpty || EVP_DecryptUpdate(context, nil, &length, additionalData, Int32(additionalData.count)) == 1,
              EVP_DecryptUpdate(context, &plaintext, &length, ciphertext, Int32(ciphertext.count)) == 1,
              EVP_CIPHER_CTX_ctrl(context, ccurl_evp_ctrl_gcm_set_tag, Int32(tagByteCount), &tag) == 1,
              plaintext.withUnsafeMutableBufferPointer({ buffer in
                  buffer.baseAddress.map { EVP_DecryptFinal_ex(context, $0 + Int(length), &finalLength) } ?? 0
              }) == 1
        else { return nil }
        plaintext.removeLast(plaintext.count - Int(length + finalLength))
        return plaintext
    }
}
