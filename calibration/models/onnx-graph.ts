/**
 * A small builder for ONNX graphs, on top of onnx-proto's generated
 * protobuf classes. The GloVe sentence encoder is built with it, and so are
 * the tiny models the tests exercise every loading path with.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX TensorProto element types used here. */
export const OnnxType = { float: 1, int64: 7 } as const;
export type OnnxElementType = (typeof OnnxType)[keyof typeof OnnxType];

/** A dimension: a fixed size or a symbolic name such as "batch_size". */
export type Dimension = number | string;

type AttributeValue = number | readonly number[] | string;

interface NodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

const AttributeType = onnx.AttributeProto.AttributeType;

function attribute(name: string, value: AttributeValue) {
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: [...(value as readonly number[])] };
  const scalar = value as number;
  return Number.isInteger(scalar) && !Object.is(scalar, -0)
    ? { name, type: AttributeType.INT, i: scalar }
    : { name, type: AttributeType.FLOAT, f: scalar };
}

function valueInfo(name: string, elementType: OnnxElementType, shape: readonly Dimension[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType: elementType,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export class OnnxGraphBuilder {
  private readonly nodes: NodeSpec[] = [];
  private readonly initializers: { name: string; dims: number[]; type: OnnxElementType; raw: Uint8Array }[] = [];
  private readonly inputs: ReturnType<typeof valueInfo>[] = [];
  private readonly outputs: ReturnType<typeof valueInfo>[] = [];
  private counter = 0;

  constructor(private readonly name: string) {}

  input(name: string, elementType: OnnxElementType, shape: readonly Dimension[]): string {
    this.inputs.push(valueInfo(name, elementType, shape));
    return name;
  }

  output(name: string, elementType: OnnxElementType, shape: readonly Dimension[]): string {
    this.outputs.push(valueInfo(name, elementType, shape));
    return name;
  }

  /** A float32 constant tensor stored in the model. */
  floatTensor(name: string, dims: readonly number[], values: Float32Array): string {
    if (values.length !== dims.reduce((a, b) => a * b, 1))
      throw new Error(`tensor ${name}: ${values.length} values for shape [${dims.join(', ')}]`);
    this.initializers.push({
      name,
      dims: [...dims],
      type: OnnxType.float,
      raw: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
    });
    return name;
  }

  int64Tensor(name: string, dims: readonly number[], values: readonly number[]): string {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    this.initializers.push({ name, dims: [...dims], type: OnnxType.int64, raw: new Uint8Array(data.buffer) });
    return name;
  }

  /** Adds a node and returns its (first) output name; `output` names it, otherwise a fresh name is used. */
  node(op: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, output?: string): string {
    const out = output ?? `${op.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ op, inputs, outputs: [out], attributes });
    return out;
  }

  /** Serialized ModelProto (opset 13, IR version 8). */
  toBytes(metadata: Record<string, string> = {}): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'poq-sim',
      opsetImport: [{ domain: '', version: 13 }],
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: this.name,
        node: this.nodes.map((node, i) => ({
          name: `${node.op}_${i}`,
          opType: node.op,
          input: [...node.inputs],
          output: [...node.outputs],
          attribute: Object.entries(node.attributes ?? {}).map(([key, value]) => attribute(key, value)),
        })),
        initializer: this.initializers.map((t) => ({ name: t.name, dims: t.dims, dataType: t.type, rawData: t.raw })),
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
