import CCurl

#if canImport(Glibc)
    import Glibc
#endif

// libcurl's callbacks, with the exact C signatures. The user data is the `Transfer`, unretained
// (see `Transfer.configure`).

func curlHeaderCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

func curlWriteCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
}

/// Marks every socket libcurl opens close-on-exec (libcurl 7.88 does not): a child process the program starts
/// meanwhile would otherwise hold the connection open after the transfer closed it, and a server would never
/// see a cancelled stream end.
func curlSocketOptionCallback(_ context: UnsafeMutableRawPointer?, _ socket: curl_socket_t, _ purpose: curlsocktype)
    -> Int32
{
    let flags = fcntl(socket, F_GETFD)
    if flags >= 0 {
        _ = fcntl(socket, F_SETFD, flags | FD_CLOEXEC)
    }
    return Int32(CURL_SOCKOPT_OK)
}
