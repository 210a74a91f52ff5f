#ifndef CZOOKEEPER_SHIM_H
#define CZOOKEEPER_SHIM_H

/* The synchronous API and zoo_a* multi functions are declared only for the threaded library. */
#ifndef THREADED
#define THREADED 1
#endif
#include <zookeeper/zookeeper.h>

/* Globals such as ZOO_OPEN_ACL_UNSAFE are mutable C globals, which Swift 6 strict concurrency rejects;
   reach them through these accessors instead. */
static inline struct ACL_vector *czk_open_acl_unsafe(void) { return &ZOO_OPEN_ACL_UNSAFE; }
static inline struct ACL_vector *czk_read_acl_unsafe(void) { return &ZOO_READ_ACL_UNSAFE; }
static inline struct ACL_vector *czk_creator_all_acl(void) { return &ZOO_CREATOR_ALL_ACL; }

static inline int czk_state_expired_session(void) { return ZOO_EXPIRED_SESSION_STATE; }
static inline int czk_state_auth_failed(void) { return ZOO_AUTH_FAILED_STATE; }
static inline int czk_state_connecting(void) { return ZOO_CONNECTING_STATE; }
static inline int czk_state_associating(void) { return ZOO_ASSOCIATING_STATE; }
static inline int czk_state_connected(void) { return ZOO_CONNECTED_STATE; }
static inline int czk_state_readonly(void) { return ZOO_READONLY_STATE; }
static inline int czk_state_not_connected(void) { return ZOO_NOTCONNECTED_STATE; }

static inline int czk_event_created(void) { return ZOO_CREATED_EVENT; }
static inline int czk_event_deleted(void) { return ZOO_DELETED_EVENT; }
static inline int czk_event_changed(void) { return ZOO_CHANGED_EVENT; }
static inline int czk_event_child(void) { return ZOO_CHILD_EVENT; }
static inline int czk_event_session(void) { return ZOO_SESSION_EVENT; }
static inline int czk_event_not_watching(void) { return ZOO_NOTWATCHING_EVENT; }

/* Create modes and permissions are `extern const int` in the library; constants keep them out of Swift's
   global-variable checks. */
static inline int czk_mode_persistent(void) { return ZOO_PERSISTENT; }
static inline int czk_mode_ephemeral(void) { return ZOO_EPHEMERAL; }
static inline int czk_mode_persistent_sequential(void) { return ZOO_PERSISTENT_SEQUENTIAL; }
static inline int czk_mode_ephemeral_sequential(void) { return ZOO_EPHEMERAL_SEQUENTIAL; }

static inline int czk_perm_read(void) { return ZOO_PERM_READ; }
static inline int czk_perm_all(void) { return ZOO_PERM_ALL; }

/* The library's log levels, as plain ints for Swift. */
static inline void czk_set_log_level(int level) { zoo_set_debug_level((ZooLogLevel)level); }
static inline int czk_log_level_error(void) { return ZOO_LOG_LEVEL_ERROR; }
static inline int czk_log_level_warn(void) { return ZOO_LOG_LEVEL_WARN; }
static inline int czk_log_level_info(void) { return ZOO_LOG_LEVEL_INFO; }
static inline int czk_log_level_debug(void) { return ZOO_LOG_LEVEL_DEBUG; }

/* The session id of a handle; 0 before a session exists. */
static inline int64_t czk_session_id(zhandle_t *zh) {
    const clientid_t *id = zoo_client_id(zh);
    return id ? id->client_id : 0;
}

#endif
