#include "ports/amazon_api.h"

namespace fbaflow::amazon {

std::string_view FulfilledByName(FulfilledBy value) {
  switch (value) {
    case FulfilledBy::kAmazon:
      return "AMAZON";
    case FulfilledBy::kMerchant:
      return "MERCHANT";
    case FulfilledBy::kUnknown:
      return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string_view ProcessingStatusName(ProcessingStatus status) {
  switch (status) {
    case ProcessingStatus::kInQueue:
      return "IN_QUEUE";
    case ProcessingStatus::kInProgress:
      return "IN_PROGRESS";
    case ProcessingStatus::kDone:
      return "DONE";
    case ProcessingStatus::kCancelled:
      return "CANCELLED";
    case ProcessingStatus::kFatal:
      return "FATAL";
    case ProcessingStatus::kUnknown:
      return "UNKNOWN";
  }
  return "UNKNOWN";
}

ProcessingStatus ParseProcessingStatus(std::string_view text) {
  if (text == "IN_QUEUE") return ProcessingStatus::kInQueue;
  if (text == "IN_PROGRESS") return ProcessingStatus::kInProgress;
  if (text == "DONE") return ProcessingStatus::kDone;
  if (text == "CANCELLED") return ProcessingStatus::kCancelled;
  if (text == "FATAL") return ProcessingStatus::kFatal;
  return ProcessingStatus::kUnknown;
}

bool IsFinal(ProcessingStatus status) {
  return status == ProcessingStatus::kDone || status == ProcessingStatus::kCancelled ||
         status == ProcessingStatus::kFatal;
}

}  // namespace fbaflow::amazon
