// The only door to C: libcurl for HTTP, OpenSSL's libcrypto (already loaded by
// libcurl) for SHA-256, HMAC, AES-256-GCM and random bytes.
#ifndef NOTIFIER_CCURL_SHIM_H
#define NOTIFIER_CCURL_SHIM_H

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call.
// These typed wrappers are the whole of what Swift uses.
static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_ptr(CURL *h, CURLoption o, const void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_write_function(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, f); }
static inline CURLcode ccurl_setopt_header_function(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, f); }
static inline CURLcode ccurl_setopt_read_function(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, CURLOPT_READFUNCTION, f); }
static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLMcode ccurl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }

// Initialises OpenSSL before curl_global_init does, without loading OpenSSL's error strings or
// reading openssl.cnf. The strings (about a thousand, hashed into tables) were a quarter of the
// instructions from exec to the first Runtime API request; OpenSSL's init options are
// run-once, so curl's later OPENSSL_init_ssl cannot load them again. TLS failures still carry
// curl's own message and OpenSSL's numeric reason ("error:0A000086:lib(20)::reason(134)").
static inline int ccurl_openssl_init_without_strings(void) {
    return OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_SSL_STRINGS | OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS
                            | OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
}

// AES-256-GCM (the action links' tokens): the control codes for the tag, which OpenSSL defines
// as macros of macros that Swift does not import.
static const int ccurl_evp_ctrl_gcm_set_ivlen = EVP_CTRL_GCM_SET_IVLEN;
static const int ccurl_evp_ctrl_gcm_get_tag = EVP_CTRL_GCM_GET_TAG;
static const int ccurl_evp_ctrl_gcm_set_tag = EVP_CTRL_GCM_SET_TAG;

#endif
