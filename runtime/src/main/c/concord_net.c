/*
 * Native socket I/O for Concord's TCP transport (dev.concord.runtime.tcp.NativeIo): moves message
 * payloads between a socket and a Java primitive array without the copy through a direct staging
 * buffer that NIO needs. Each call is one non-blocking send/recv inside one short critical region
 * (GetPrimitiveArrayCritical); it never waits, so the region is never held across a blocking call.
 * Return values: bytes moved (> 0), 0 for end of stream (read only), -1 when the socket would
 * block, -(1000 + errno) on other errors.
 */
#include <jni.h>
#include <errno.h>
#include <sys/socket.h>
#include <sys/types.h>

JNIEXPORT jint JNICALL Java_dev_concord_runtime_tcp_NativeIo_fd0(JNIEnv *env, jclass cls, jobject channel) {
    jclass c = (*env)->GetObjectClass(env, channel);
    jfieldID f = (*env)->GetFieldID(env, c, "fdVal", "I");
    if (f == NULL) {
        (*env)->ExceptionClear(env);
        return -1;
    }
    return (*env)->GetIntField(env, channel, f);
}

JNIEXPORT jlong JNICALL Java_dev_concord_runtime_tcp_NativeIo_write0(JNIEnv *env, jclass cls, jint fd,
        jobject array, jlong offset, jlong length) {
    char *base = (*env)->GetPrimitiveArrayCritical(env, (jarray) array, NULL);
    if (base == NULL) {
        return -(1000 + ENOMEM);
    }
    ssize_t n = send(fd, base + offset, (size_t) length, MSG_DONTWAIT | MSG_NOSIGNAL);
    int err = errno;
    (*env)->ReleasePrimitiveArrayCritical(env, (jarray) array, base, JNI_ABORT);
    if (n < 0) {
        return (err == EAGAIN || err == EWOULDBLOCK) ? -1 : -(1000 + err);
    }
    return n;
}

JNIEXPORT jlong JNICALL Java_dev_concord_runtime_tcp_NativeIo_read0(JNIEnv *env, jclass cls, jint fd,
        jobject array, jlong offset, jlong length) {
    char *base = (*env)->GetPrimitiveArrayCritical(env, (jarray) array, NULL);
    if (base == NULL) {
        return -(1000 + ENOMEM);
    }
    ssize_t n = recv(fd, base + offset, (size_t) length, MSG_DONTWAIT);
    int err = errno;
    (*env)->ReleasePrimitiveArrayCritical(env, (jarray) array, base, 0);
    if (n < 0) {
        return (err == EAGAIN || err == EWOULDBLOCK) ? -1 : -(1000 + err);
    }
    return n;
}
