#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call. These typed wrappers
   call them with the name in parentheses so that curl's type-checking macros are bypassed. */
static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return (curl_easy_setopt)(h, o, v); }
static inline CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v) { return (curl_easy_setopt)(h, o, v); }
static inline CURLcode ccurl_setopt_pointer(CURL *h, CURLoption o, void *v) { return (curl_easy_setopt)(h, o, v); }
static inline CURLcode ccurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return (curl_easy_setopt)(h, o, v); }
static inline CURLcode ccurl_setopt_offset(CURL *h, CURLoption o, curl_off_t v) { return (curl_easy_setopt)(h, o, v); }

typedef size_t (*ccurl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*ccurl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode ccurl_setopt_data_callback(CURL *h, CURLoption o, ccurl_data_callback v) { return (curl_easy_setopt)(h, o, v); }
static inline CURLcode ccurl_setopt_xferinfo_callback(CURL *h, ccurl_xferinfo_callback v) { return (curl_easy_setopt)(h, CURLOPT_XFERINFOFUNCTION, v); }
typedef int (*ccurl_sockopt_callback)(void *clientp, curl_socket_t curlfd, curlsocktype purpose);
static inline CURLcode ccurl_setopt_sockopt_callback(CURL *h, ccurl_sockopt_callback v) { return (curl_easy_setopt)(h, CURLOPT_SOCKOPTFUNCTION, v); }

static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return (curl_easy_getinfo)(h, i, v); }
static inline CURLcode ccurl_getinfo_double(CURL *h, CURLINFO i, double *v) { return (curl_easy_getinfo)(h, i, v); }
static inline CURLcode ccurl_getinfo_string(CURL *h, CURLINFO i, char **v) { return (curl_easy_getinfo)(h, i, v); }

static inline CURLcode ccurl_getinfo_offset(CURL *h, CURLINFO i, curl_off_t *v) { return (curl_easy_getinfo)(h, i, v); }

/* curl_multi_setopt is variadic too. */
static inline CURLMcode ccurl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return (curl_multi_setopt)(m, o, v); }

/* Macros built from casts or other macros that Swift does not import. */
static inline CURLcode ccurl_global_init_all(void) { return curl_global_init(CURL_GLOBAL_ALL); }
static inline long ccurl_auth_basic(void) { return (long)CURLAUTH_BASIC; }
static inline int ccurl_pause_continue(void) { return CURLPAUSE_CONT; }
static inline size_t ccurl_writefunc_pause(void) { return CURL_WRITEFUNC_PAUSE; }
static inline int ccurl_error_size(void) { return CURL_ERROR_SIZE; }

/* CURLMsg keeps the result in a union; read it here so Swift needs no knowledge of the layout. */
static inline CURLcode ccurl_msg_result(const CURLMsg *m) { return m->data.result; }

#endif
