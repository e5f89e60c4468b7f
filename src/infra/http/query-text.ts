import { type PipeTransform, Query } from '@nestjs/common';
import { textOf } from '../../common/text';

// `?a=1&a=2` and `?a[b]=1` reach a handler as a list or an object, whatever its parameter's type says.
const oneText: PipeTransform<unknown, string> = { transform: textOf };

/** A page's query parameter as one text: '' when it is absent, repeated or nested. */
export function QueryText(name: string): ParameterDecorator {
  return Query(name, oneText);
}
