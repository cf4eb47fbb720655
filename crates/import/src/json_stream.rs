//! Walking a JSON document's top-level object without holding it.
//!
//! A 1 GB customer list is one object whose `items` array holds everything, so
//! parsing it into a `Value` is not an option. The walker drives
//! `serde_json::Deserializer::from_reader` with seeds: each top-level key is
//! streamed (its array elements handed over one at a time), captured (small
//! values such as `links`), or skipped without allocation. Each element is
//! built as a `Value` under caps on string length, nesting and size, so one
//! oversized element fails with its path instead of exhausting memory.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::io::{BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::{ErrorKind, ImportError, Position};
use crate::text::{FIELD_CAP, StreamState, halt_error};

/// Deeper than any Partner Center or Graph document (they stay under 10).
const DEPTH_CAP: usize = 64;
/// JSON values (nodes) one element may hold: real items hold a few hundred.
const NODE_CAP: usize = 200_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyAction {
    /// Hand each element of the array to `on_element`.
    Stream,
    /// Hand the first element over, skip the rest (format detection).
    StreamFirst,
    /// Build the value and hand it to `on_value`.
    Capture,
    /// Skip the value without building it.
    Skip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Continue,
    /// Enough has been seen; stop reading (detection only).
    Stop,
}

pub(crate) trait JsonHandler {
    fn on_key(&mut self, key: &str) -> KeyAction;
    fn on_element(&mut self, key: &str, index: usize, value: Value) -> Result<Flow, ImportError>;
    fn on_value(&mut self, key: &str, value: Value) -> Result<Flow, ImportError>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WalkEnd {
    Finished,
    Stopped,
}

/// `items[3].companyProfile.tenantId` from a chain of segments on the stack.
#[derive(Clone, Copy)]
enum Seg<'p> {
    Root,
    Key(&'p Seg<'p>, &'p str),
    Index(&'p Seg<'p>, usize),
}

impl fmt::Display for Seg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Seg::Root => Ok(()),
            Seg::Key(Seg::Root, key) => f.write_str(key),
            Seg::Key(parent, key) => write!(f, "{parent}.{key}"),
            Seg::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

struct Ctx<'w> {
    file: &'w Path,
    state: Rc<StreamState>,
    /// Where the parser is, for syntax errors.
    location: RefCell<String>,
    /// The handler's error, carried past serde's error type.
    stash: RefCell<Option<ImportError>>,
    stopped: Cell<bool>,
    nodes: Cell<usize>,
}

const STASHED: &str = "(reported separately)";

impl Ctx<'_> {
    fn fail<E: de::Error>(&self, error: ImportError) -> E {
        self.stash.borrow_mut().get_or_insert(error);
        E::custom(STASHED)
    }

    fn fail_at<E: de::Error>(&self, path: &Seg<'_>, reason: String) -> E {
        self.fail(ImportError::invalid(self.file, Position::JsonPath(path.to_string()), reason))
    }

    fn set_location(&self, location: String) {
        *self.location.borrow_mut() = location;
    }

    fn position(&self) -> Position {
        let location = self.location.borrow();
        if location.is_empty() { Position::File } else { Position::JsonPath(location.clone()) }
    }

    fn translate(&self, error: serde_json::Error) -> ImportError {
        if let Some(stashed) = self.stash.borrow_mut().take() {
            return stashed;
        }
        if let Some(halt) = self.state.halt() {
            return halt_error(&halt, self.file, self.position());
        }
        let position = self.position();
        let place = format!("line {}, column {}", error.line(), error.column());
        let message = error.to_string();
        match error.classify() {
            serde_json::error::Category::Io => {
                ImportError::new(ErrorKind::Io, self.file, Position::File, format!("cannot be read: {message}"))
            }
            serde_json::error::Category::Eof => ImportError::invalid(
                self.file,
                position,
                format!("the JSON ends before it is complete ({place}); the file may be truncated"),
            ),
            serde_json::error::Category::Syntax if message.contains("recursion limit") => ImportError::invalid(
                self.file,
                position,
                format!("the JSON is nested more than 128 levels deep ({place})"),
            ),
            serde_json::error::Category::Syntax => {
                ImportError::invalid(self.file, position, format!("not valid JSON: {message}"))
            }
            serde_json::error::Category::Data => ImportError::invalid(self.file, position, message),
        }
    }
}

/// Walks the top-level object of `reader`. The reader should be buffered text
/// from [`crate::text::TextReader`], whose state is `state`.
pub(crate) fn walk<R: Read, H: JsonHandler>(
    reader: R,
    state: Rc<StreamState>,
    file: &Path,
    handler: &mut H,
) -> Result<WalkEnd, ImportError> {
    let ctx = Ctx {
        file,
        state,
        location: RefCell::new(String::new()),
        stash: RefCell::new(None),
        stopped: Cell::new(false),
        nodes: Cell::new(0),
    };
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(8 << 10, reader));
    match (TopSeed { ctx: &ctx, handler }).deserialize(&mut de) {
        Ok(()) => {
            ctx.set_location(String::new());
            de.end().map_err(|e| ctx.translate(e))?;
            Ok(WalkEnd::Finished)
        }
        Err(_) if ctx.stopped.get() => Ok(WalkEnd::Stopped),
        Err(e) => Err(ctx.translate(e)),
    }
}

struct TopSeed<'a, 'w, H> {
    ctx: &'a Ctx<'w>,
    handler: &'a mut H,
}

impl<'de, H: JsonHandler> DeserializeSeed<'de> for TopSeed<'_, '_, H> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, H: JsonHandler> Visitor<'de> for TopSeed<'_, '_, H> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object at the top level")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        ctx.state.meter_from_zero();
        while let Some(key) = map.next_key_seed(CappedString { ctx, path: &Seg::Root })? {
            ctx.set_location(key.clone());
            let action = self.handler.on_key(&key);
            let flow = match action {
                KeyAction::Stream | KeyAction::StreamFirst => {
                    let first_only = action == KeyAction::StreamFirst;
                    map.next_value_seed(ArraySeed { ctx, handler: &mut *self.handler, key: &key, first_only })?;
                    Flow::Continue
                }
                KeyAction::Capture => {
                    ctx.state.meter_on();
                    let value =
                        map.next_value_seed(CappedValue { ctx, path: &Seg::Key(&Seg::Root, &key), depth: 0 })?;
                    self.handler.on_value(&key, value).map_err(|e| ctx.fail::<A::Error>(e))?
                }
                KeyAction::Skip => {
                    ctx.state.meter_off();
                    map.next_value::<IgnoredAny>()?;
                    Flow::Continue
                }
            };
            ctx.state.meter_on();
            if flow == Flow::Stop || ctx.stopped.get() {
                ctx.stopped.set(true);
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

struct ArraySeed<'a, 'w, H> {
    ctx: &'a Ctx<'w>,
    handler: &'a mut H,
    key: &'a str,
    first_only: bool,
}

impl<'de, H: JsonHandler> DeserializeSeed<'de> for ArraySeed<'_, '_, H> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, H: JsonHandler> Visitor<'de> for ArraySeed<'_, '_, H> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        let key_seg = Seg::Key(&Seg::Root, self.key);
        let mut index = 0;
        loop {
            let seg = Seg::Index(&key_seg, index);
            ctx.set_location(seg.to_string());
            if self.first_only && index > 0 {
                ctx.state.meter_off();
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    break;
                }
            } else {
                ctx.state.meter_from_zero();
                ctx.nodes.set(0);
                let Some(value) = seq.next_element_seed(CappedValue { ctx, path: &seg, depth: 0 })? else { break };
                ctx.state.meter_off();
                match self.handler.on_element(self.key, index, value) {
                    Ok(Flow::Continue) => {}
                    Ok(Flow::Stop) => {
                        ctx.stopped.set(true);
                        return Err(de::Error::custom("stopped"));
                    }
                    Err(e) => return Err(ctx.fail(e)),
                }
            }
            index += 1;
        }
        ctx.set_location(self.key.to_string());
        Ok(())
    }
}

struct CappedString<'a, 'w, 'p> {
    ctx: &'a Ctx<'w>,
    path: &'p Seg<'p>,
}

impl<'de> DeserializeSeed<'de> for CappedString<'_, '_, '_> {
    type Value = String;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for CappedString<'_, '_, '_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        if text.len() > FIELD_CAP {
            return Err(self.ctx.fail_at(self.path, format!("a name longer than {} MiB", FIELD_CAP >> 20)));
        }
        Ok(text.to_string())
    }
}

/// A `serde_json::Value` built under the caps.
struct CappedValue<'a, 'w, 'p> {
    ctx: &'a Ctx<'w>,
    path: &'p Seg<'p>,
    depth: usize,
}

impl CappedValue<'_, '_, '_> {
    fn count<E: de::Error>(&self) -> Result<(), E> {
        let nodes = self.ctx.nodes.get() + 1;
        self.ctx.nodes.set(nodes);
        if nodes > NODE_CAP {
            return Err(self.ctx.fail_at(self.path, format!("one record holds more than {NODE_CAP} JSON values")));
        }
        Ok(())
    }

    fn nested<E: de::Error>(&self) -> Result<(), E> {
        if self.depth >= DEPTH_CAP {
            return Err(self.ctx.fail_at(self.path, format!("the JSON is nested more than {DEPTH_CAP} levels deep")));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for CappedValue<'_, '_, '_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CappedValue<'_, '_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.count()?;
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.count()?;
        if v.len() > FIELD_CAP {
            return Err(self.ctx.fail_at(self.path, format!("a text value longer than {} MiB", FIELD_CAP >> 20)));
        }
        Ok(Value::String(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.count()?;
        self.nested()?;
        let mut items = Vec::new();
        loop {
            let seg = Seg::Index(self.path, items.len());
            match seq.next_element_seed(CappedValue { ctx: self.ctx, path: &seg, depth: self.depth + 1 })? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.count()?;
        self.nested()?;
        let mut object = Map::new();
        while let Some(key) = map.next_key_seed(CappedString { ctx: self.ctx, path: self.path })? {
            let seg = Seg::Key(self.path, &key);
            let value = map.next_value_seed(CappedValue { ctx: self.ctx, path: &seg, depth: self.depth + 1 })?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect {
        elements: Vec<(String, usize, Value)>,
        values: Vec<(String, Value)>,
    }

    impl JsonHandler for Collect {
        fn on_key(&mut self, key: &str) -> KeyAction {
            match key {
                "items" => KeyAction::Stream,
                "skip" => KeyAction::Skip,
                _ => KeyAction::Capture,
            }
        }
        fn on_element(&mut self, key: &str, index: usize, value: Value) -> Result<Flow, ImportError> {
            self.elements.push((key.to_string(), index, value));
            Ok(Flow::Continue)
        }
        fn on_value(&mut self, key: &str, value: Value) -> Result<Flow, ImportError> {
            self.values.push((key.to_string(), value));
            Ok(Flow::Continue)
        }
    }

    fn run(json: &str) -> Result<Collect, ImportError> {
        let mut handler = Collect::default();
        walk(json.as_bytes(), Rc::new(StreamState::default()), Path::new("t.json"), &mut handler)?;
        Ok(handler)
    }

    #[test]
    fn elements_arrive_one_by_one_and_other_keys_are_captured_or_skipped() {
        let got =
            run(r#"{"skip": [1,2,{"x":3}], "items": [{"a":1},{"b":"株"}], "links": {"self": {"uri": "/x"}}}"#).unwrap();
        assert_eq!(got.elements.len(), 2);
        assert_eq!(got.elements[1].2["b"], "株");
        assert_eq!(got.values.len(), 1);
        assert_eq!(got.values[0].0, "links");
    }

    #[test]
    fn truncation_names_the_element_being_read() {
        let err = run(r#"{"items": [{"a":1}, {"b": "#).map(|_| ()).unwrap_err();
        assert_eq!(err.position, Position::JsonPath("items[1]".into()));
        assert!(err.reason.contains("truncated"), "{err}");
    }

    #[test]
    fn deep_nesting_is_refused_with_a_path() {
        let deep = format!(r#"{{"items": [{}{}]}}"#, "[".repeat(100), "]".repeat(100));
        let err = run(&deep).map(|_| ()).unwrap_err();
        assert!(err.reason.contains("nested more than 64"), "{err}");
        assert!(matches!(&err.position, Position::JsonPath(p) if p.starts_with("items[0][0][0]")), "{err:?}");
        let captured = format!(r#"{{"links": {}{}}}"#, "[".repeat(200), "]".repeat(200));
        let err = run(&captured).map(|_| ()).unwrap_err();
        assert!(err.reason.contains("nested more than 64"), "{err}");
        // Skipped values are scanned without recursion (serde_json keeps its own stack).
        let skipped = format!(r#"{{"skip": {}{}}}"#, "[".repeat(5000), "]".repeat(5000));
        assert!(run(&skipped).is_ok());
    }

    #[test]
    fn giant_strings_are_refused_with_a_path() {
        let big = format!(r#"{{"items": [{{"name": "{}"}}]}}"#, "x".repeat(FIELD_CAP + 1));
        let err = run(&big).map(|_| ()).unwrap_err();
        assert_eq!(err.position, Position::JsonPath("items[0].name".into()));
        assert!(err.reason.contains("1 MiB"));
    }

    #[test]
    fn a_top_level_array_is_refused() {
        let err = run("[1,2]").map(|_| ()).unwrap_err();
        assert!(err.reason.contains("object at the top level"), "{err}");
    }
}
