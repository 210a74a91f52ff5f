#ifndef CRDKAFKA_SHIM_H
#define CRDKAFKA_SHIM_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/* Macros with casts do not import into Swift; these expose their values. */

static inline int32_t ks_rd_kafka_partition_ua(void) {
    return RD_KAFKA_PARTITION_UA;
}

static inline int ks_rd_kafka_msg_f_copy(void) {
    return RD_KAFKA_MSG_F_COPY;
}

static inline int ks_rd_kafka_purge_queued_and_inflight(void) {
    return RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT;
}

#endif
