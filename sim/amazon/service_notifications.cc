// Notifications v1 (destinations, subscriptions), delivery of the worlds' notifications, and the
// SQS-compatible queue they are delivered to (a subset of the Amazon SQS JSON protocol).
#include <fmt/format.h>
#include <openssl/evp.h>

#include <chrono>
#include <regex>

#include "sim/amazon/iso_time.h"
#include "sim/amazon/service.h"

namespace fbaflow::sim {
namespace {

const std::set<std::string> kNotificationTypes = {
    "ORDER_CHANGE", "FBA_INVENTORY_AVAILABILITY_CHANGES", "REPORT_PROCESSING_FINISHED"};

std::string Md5Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  std::string out;
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

json DestinationJson(const Destination& d) {
  return {{"destinationId", d.id}, {"name", d.name}, {"resource", {{"sqs", {{"arn", d.arn}}}}}};
}

json SubscriptionJson(const Subscription& s) {
  json j = {{"subscriptionId", s.id},
            {"payloadVersion", s.payload_version},
            {"destinationId", s.destination_id}};
  if (!s.processing_directive.is_null()) j["processingDirective"] = s.processing_directive;
  return j;
}

void SqsReply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/x-amz-json-1.0");
}

void SqsError(httplib::Response& res, const std::string& type, const std::string& message) {
  SqsReply(res, 400, json{{"__type", "com.amazonaws.sqs#" + type}, {"message", message}});
}

}  // namespace

SqsQueue& AmazonSim::Service::EnsureQueue(const std::string& account, const std::string& name) {
  SqsQueue& q = queues_[name];
  q.name = name;
  q.account = account;
  return q;
}

SqsQueue* AmazonSim::Service::QueueByUrlOrName(const std::string& url_or_name) {
  const size_t slash = url_or_name.find_last_of('/');
  const std::string name = slash == std::string::npos ? url_or_name : url_or_name.substr(slash + 1);
  auto it = queues_.find(name);
  return it == queues_.end() ? nullptr : &it->second;
}

void AmazonSim::Service::Deliver(int seller, const WorldNotification& n) {
  for (const auto& [id, sub] : subscriptions_) {
    if (sub.seller != seller || sub.notification_type != n.type) continue;
    auto dest = destinations_.find(sub.destination_id);
    if (dest == destinations_.end()) continue;
    SqsQueue* queue = QueueByUrlOrName(dest->second.queue);
    if (queue == nullptr) continue;
    const double roll = fault_rng_.Unit();
    if (roll < options_.faults.notify_lost) {
      ++notifications_lost_;
      continue;
    }
    const bool late = roll < options_.faults.notify_lost + options_.faults.notify_late;
    const SimMillis publish = n.time + (late ? options_.faults.notify_delay : 0);
    if (late) ++notifications_late_;
    json body = n.body;
    const std::string notification_id = id_rng_.Uuid();
    if (n.type == "REPORT_PROCESSING_FINISHED") {
      body["notificationMetadata"] = {{"applicationId", application_id_},
                                      {"subscriptionId", sub.id},
                                      {"publishTime", FormatIsoMillis(publish)},
                                      {"notificationId", notification_id}};
    } else {
      body["NotificationMetadata"] = {{"ApplicationId", application_id_},
                                      {"SubscriptionId", sub.id},
                                      {"PublishTime", FormatIsoMillis(publish)},
                                      {"NotificationId", notification_id}};
    }
    SqsMessage m;
    m.message_id = id_rng_.Uuid();
    m.body = body.dump();
    m.sent = publish;
    m.visible_at = publish;
    queue->messages.push_back(std::move(m));
    ++queue->sent;
  }
}

ApiResponse AmazonSim::Service::GetDestinations(Call& c) {
  (void)c;
  json list = json::array();
  for (const auto& [id, d] : destinations_) list.push_back(DestinationJson(d));
  return JsonResponse(200, json{{"payload", std::move(list)}});
}

ApiResponse AmazonSim::Service::CreateDestination(Call& c) {
  json body = json::parse(c.req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return InvalidInput("The request body is not a valid JSON object.");
  const std::string name = body.value("name", "");
  if (name.empty() || name.size() > 256)
    return InvalidInput("name is required (at most 256 characters).");
  const json spec = body.value("resourceSpecification", json());
  if (!spec.is_object() || (!spec.contains("sqs") && !spec.contains("eventBridge"))) {
    return InvalidInput("resourceSpecification needs sqs or eventBridge.");
  }
  if (!spec.contains("sqs")) {
    return InvalidInput(
        "The emulator delivers to SQS only; EventBridge destinations are not emulated.");
  }
  const std::string arn = spec["sqs"].value("arn", "");
  static const std::regex kArn(R"(arn:aws:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80}))");
  std::smatch m;
  if (!std::regex_match(arn, m, kArn))
    return InvalidInput(fmt::format("Invalid SQS arn '{}'.", arn));
  for (const auto& [id, d] : destinations_) {
    if (d.arn == arn) {
      return ErrorResponse(409, "Conflict",
                           fmt::format("A destination for {} already exists ({}).", arn, id));
    }
  }
  EnsureQueue(m[2].str(), m[3].str());
  Destination d;
  d.id = id_rng_.Uuid();
  d.name = name;
  d.arn = arn;
  d.queue = m[3].str();
  destinations_[d.id] = d;
  return JsonResponse(200, json{{"payload", DestinationJson(d)}});
}

ApiResponse AmazonSim::Service::GetDestination(Call& c) {
  auto it = destinations_.find(c.Path(1));
  if (it == destinations_.end())
    return ErrorResponse(404, "NotFound", fmt::format("Destination {} was not found.", c.Path(1)));
  return JsonResponse(200, json{{"payload", DestinationJson(it->second)}});
}

ApiResponse AmazonSim::Service::DeleteDestination(Call& c) {
  auto it = destinations_.find(c.Path(1));
  if (it == destinations_.end())
    return ErrorResponse(404, "NotFound", fmt::format("Destination {} was not found.", c.Path(1)));
  for (const auto& [id, s] : subscriptions_) {
    if (s.destination_id == it->first) {
      return ErrorResponse(409, "Conflict",
                           fmt::format("Subscription {} still delivers to this destination.", id));
    }
  }
  destinations_.erase(it);
  return JsonResponse(200, json::object());
}

ApiResponse AmazonSim::Service::GetSubscriptions(Call& c) {
  const std::vector<std::string> types = QueryList(c.req, "notificationTypes");
  if (types.size() != 1)
    return InvalidInput("notificationTypes needs exactly one notification type.");
  json list = json::array();
  for (const auto& [id, s] : subscriptions_) {
    if (s.seller == c.seller && s.notification_type == types[0])
      list.push_back(SubscriptionJson(s));
  }
  return JsonResponse(200, json{{"payload", {{"subscriptions", std::move(list)}}}});
}

ApiResponse AmazonSim::Service::GetSubscription(Call& c) {
  const std::string type = c.Path(1);
  if (!kNotificationTypes.count(type))
    return InvalidInput(fmt::format("Notification type {} is not emulated.", type));
  for (const auto& [id, s] : subscriptions_) {
    if (s.seller == c.seller && s.notification_type == type)
      return JsonResponse(200, json{{"payload", SubscriptionJson(s)}});
  }
  return ErrorResponse(404, "NotFound", fmt::format("No subscription for {}.", type));
}

ApiResponse AmazonSim::Service::CreateSubscription(Call& c) {
  const std::string type = c.Path(1);
  if (!kNotificationTypes.count(type)) {
    return InvalidInput(fmt::format(
        "Notification type {} is not emulated (ORDER_CHANGE, FBA_INVENTORY_AVAILABILITY_CHANGES, "
        "REPORT_PROCESSING_FINISHED).",
        type));
  }
  json body = json::parse(c.req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return InvalidInput("The request body is not a valid JSON object.");
  const std::string destination = body.value("destinationId", "");
  const std::string version = body.value("payloadVersion", "");
  if (destination.empty() || version.empty())
    return InvalidInput("destinationId and payloadVersion are required.");
  if (!destinations_.count(destination))
    return InvalidInput(fmt::format("Destination {} does not exist.", destination));
  for (const auto& [id, s] : subscriptions_) {
    if (s.seller == c.seller && s.notification_type == type) {
      return ErrorResponse(409, "Conflict",
                           fmt::format("A subscription for {} already exists ({}).", type, id));
    }
  }
  Subscription s;
  s.id = id_rng_.Uuid();
  s.seller = c.seller;
  s.notification_type = type;
  s.payload_version = version;
  s.destination_id = destination;
  if (body.contains("processingDirective")) s.processing_directive = body["processingDirective"];
  subscriptions_[s.id] = s;
  return JsonResponse(200, json{{"payload", SubscriptionJson(s)}});
}

ApiResponse AmazonSim::Service::GetSubscriptionById(Call& c) {
  auto it = subscriptions_.find(c.Path(2));
  if (it == subscriptions_.end() || it->second.notification_type != c.Path(1)) {
    return ErrorResponse(404, "NotFound", fmt::format("Subscription {} was not found.", c.Path(2)));
  }
  return JsonResponse(200, json{{"payload", SubscriptionJson(it->second)}});
}

ApiResponse AmazonSim::Service::DeleteSubscriptionById(Call& c) {
  auto it = subscriptions_.find(c.Path(2));
  if (it == subscriptions_.end() || it->second.notification_type != c.Path(1)) {
    return ErrorResponse(404, "NotFound", fmt::format("Subscription {} was not found.", c.Path(2)));
  }
  subscriptions_.erase(it);
  return JsonResponse(200, json::object());
}

void AmazonSim::Service::HandleSqs(const httplib::Request& req, httplib::Response& res) {
  std::unique_lock<std::mutex> lock(mu_);
  SimMillis now = clock_->Now();
  Advance(now);
  res.set_header("x-amzn-RequestId", NewRequestId());
  const std::string target = req.get_header_value("X-Amz-Target");
  const std::string action = target.rfind("AmazonSQS.", 0) == 0 ? target.substr(10) : "";
  ++stats_["sqs." + (action.empty() ? std::string("unknown") : action)].requests;
  json body = json::parse(req.body.empty() ? std::string("{}") : req.body, nullptr, false);
  if (action.empty())
    return SqsError(res, "UnknownOperationException", "Missing or unknown X-Amz-Target header.");
  if (body.is_discarded() || !body.is_object())
    return SqsError(res, "InvalidParameterValue", "The body is not JSON.");
  if (action == "GetQueueUrl") {
    SqsQueue* q = QueueByUrlOrName(body.value("QueueName", ""));
    if (q == nullptr)
      return SqsError(res, "QueueDoesNotExist", "The specified queue does not exist.");
    return SqsReply(res, 200,
                    json{{"QueueUrl", fmt::format("{}/{}/{}", BaseUrl(), q->account, q->name)}});
  }
  std::string url = body.value("QueueUrl", "");
  if (url.empty() && req.path != "/") url = req.path;
  SqsQueue* q = QueueByUrlOrName(url);
  if (q == nullptr)
    return SqsError(res, "QueueDoesNotExist", "The specified queue does not exist.");
  if (action == "ReceiveMessage") {
    const int max = body.value("MaxNumberOfMessages", 1);
    const int wait = body.value("WaitTimeSeconds", 0);
    const int visibility = body.value("VisibilityTimeout", 30);
    if (max < 1 || max > 10)
      return SqsError(res, "InvalidParameterValue",
                      "MaxNumberOfMessages must be between 1 and 10.");
    if (wait < 0 || wait > 20)
      return SqsError(res, "InvalidParameterValue", "WaitTimeSeconds must be between 0 and 20.");
    if (visibility < 0 || visibility > 43200) {
      return SqsError(res, "InvalidParameterValue",
                      "VisibilityTimeout must be between 0 and 43200.");
    }
    bool attributes = false;
    for (const char* key : {"AttributeNames", "MessageSystemAttributeNames"}) {
      if (body.contains(key) && body[key].is_array() && !body[key].empty()) attributes = true;
    }
    const SimMillis deadline = now + wait * kSecond;
    // A manual clock never moves on its own: the wait is also bounded in real time.
    const auto real_deadline =
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(static_cast<int64_t>(wait * 1000 / clock_->Scale()));
    json messages = json::array();
    for (;;) {
      now = clock_->Now();
      Advance(now);
      q = QueueByUrlOrName(url);
      if (q == nullptr) break;
      for (SqsMessage& m : q->messages) {
        if (static_cast<int>(messages.size()) >= max) break;
        if (m.visible_at > now) continue;
        m.receipt_handle =
            id_rng_.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 96);
        m.visible_at = now + visibility * kSecond;
        ++m.receive_count;
        ++q->received;
        json jm = {{"MessageId", m.message_id},
                   {"ReceiptHandle", m.receipt_handle},
                   {"MD5OfBody", Md5Hex(m.body)},
                   {"Body", m.body}};
        if (attributes) {
          jm["Attributes"] = {{"ApproximateReceiveCount", std::to_string(m.receive_count)},
                              {"SentTimestamp", std::to_string(m.sent)}};
        }
        messages.push_back(std::move(jm));
      }
      if (!messages.empty() || now >= deadline || !started_ ||
          std::chrono::steady_clock::now() >= real_deadline)
        break;
      // Long polling: wait (with the lock released) for a delivery or for simulated time to pass.
      const double real_ms = static_cast<double>(deadline - now) / clock_->Scale();
      sqs_cv_.wait_for(lock, std::chrono::milliseconds(
                                 std::clamp<int64_t>(static_cast<int64_t>(real_ms), 1, 200)));
    }
    if (messages.empty()) return SqsReply(res, 200, json::object());
    return SqsReply(res, 200, json{{"Messages", std::move(messages)}});
  }
  if (action == "DeleteMessage" || action == "ChangeMessageVisibility") {
    const std::string handle = body.value("ReceiptHandle", "");
    for (auto it = q->messages.begin(); it != q->messages.end(); ++it) {
      if (handle.empty() || it->receipt_handle != handle) continue;
      if (action == "DeleteMessage") {
        q->messages.erase(it);
        ++q->deleted;
      } else {
        it->visible_at = now + body.value("VisibilityTimeout", 0) * kSecond;
      }
      return SqsReply(res, 200, json::object());
    }
    return SqsError(res, "ReceiptHandleIsInvalid", "The input receipt handle is invalid.");
  }
  if (action == "SendMessage") {
    const std::string text = body.value("MessageBody", "");
    if (text.empty()) return SqsError(res, "MissingParameter", "MessageBody is required.");
    SqsMessage m;
    m.message_id = id_rng_.Uuid();
    m.body = text;
    m.sent = now;
    m.visible_at = now + body.value("DelaySeconds", 0) * kSecond;
    json reply = {{"MessageId", m.message_id}, {"MD5OfMessageBody", Md5Hex(text)}};
    q->messages.push_back(std::move(m));
    ++q->sent;
    sqs_cv_.notify_all();
    return SqsReply(res, 200, reply);
  }
  if (action == "GetQueueAttributes") {
    int visible = 0, hidden = 0;
    for (const SqsMessage& m : q->messages) (m.visible_at <= now ? visible : hidden)++;
    return SqsReply(
        res, 200,
        json{{"Attributes",
              {{"ApproximateNumberOfMessages", std::to_string(visible)},
               {"ApproximateNumberOfMessagesNotVisible", std::to_string(hidden)},
               {"QueueArn", fmt::format("arn:aws:sqs:us-east-1:{}:{}", q->account, q->name)}}}});
  }
  if (action == "PurgeQueue") {
    q->messages.clear();
    return SqsReply(res, 200, json::object());
  }
  SqsError(res, "UnknownOperationException",
           fmt::format("The emulator does not implement {}.", action));
}

}  // namespace fbaflow::sim
