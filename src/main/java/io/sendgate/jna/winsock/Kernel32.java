package io.sendgate.jna.winsock;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** The I/O completion port calls of {@code kernel32.dll} that are not on the completion path. */
public interface Kernel32 extends Library {
    int INFINITE = 0xFFFFFFFF;
    int WAIT_TIMEOUT = 258;
    int ERROR_OPERATION_ABORTED = 995;
    /** The completion port was closed while GetQueuedCompletionStatusEx waited on it. */
    int ERROR_ABANDONED_WAIT_0 = 735;

    /** {@code ntstatus.h}: what the system leaves in OVERLAPPED.Internal, read only after closesocket. */
    int STATUS_SUCCESS = 0;
    /** A warning, not an error: the call completed (a datagram truncated to the buffers) and queues its packet. */
    int STATUS_BUFFER_OVERFLOW = 0x80000005;

    /**
     * {@code HANDLE CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort,
     * ULONG_PTR CompletionKey, DWORD NumberOfConcurrentThreads);}
     */
    Pointer CreateIoCompletionPort(Pointer fileHandle, Pointer existingCompletionPort, long completionKey,
                                   int numberOfConcurrentThreads);

    /**
     * {@code BOOL PostQueuedCompletionStatus(HANDLE CompletionPort, DWORD dwNumberOfBytesTransferred,
     * ULONG_PTR dwCompletionKey, LPOVERLAPPED lpOverlapped);}
     */
    boolean PostQueuedCompletionStatus(Pointer completionPort, int bytes, long completionKey, Pointer overlapped);

    /** {@code BOOL CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped);} */
    boolean CancelIoEx(Pointer file, Pointer overlapped);

    /** {@code BOOL CloseHandle(HANDLE hObject);} */
    boolean CloseHandle(Pointer handle);
}
